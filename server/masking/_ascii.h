/*
 * Character classes of ASCII text, shared by the detectors' C extensions.
 *
 * Each extension is a module of its own and cannot link another's functions, so the classes
 * are static inline here. They match Python's re on ASCII text: is_digit is \d, is_word is
 * \w, and is_blank is [ \t]. Include this after Python.h.
 */
#ifndef PHIGATE_MASKING_ASCII_H
#define PHIGATE_MASKING_ASCII_H

static inline int
is_digit(Py_UCS4 c)
{
    return c >= '0' && c <= '9';
}

static inline int
is_upper(Py_UCS4 c)
{
    return c >= 'A' && c <= 'Z';
}

static inline int
is_lower(Py_UCS4 c)
{
    return c >= 'a' && c <= 'z';
}

static inline int
is_letter(Py_UCS4 c)
{
    return is_upper(c) || is_lower(c);
}

static inline int
is_alnum(Py_UCS4 c)
{
    return is_digit(c) || is_letter(c);
}

static inline int
is_word(Py_UCS4 c)
{
    return is_alnum(c) || c == '_';
}

static inline int
is_blank(Py_UCS4 c)
{
    return c == ' ' || c == '\t';
}

#endif
