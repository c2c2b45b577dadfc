/*
 * The numeric date loop of the date detector (phigate.masking.dates), in C.
 *
 * numeric_dates(text, starts) runs dates._NUMERIC at the prefilter's candidate starts, as
 * Scan.finditer does, and applies the cheap tests of dates._numeric_date to each match
 * without a match object. It returns a list of (start, end, last_end) tuples, in match order:
 *
 *   - end >= 0: a date at text[start:end] that needs no more tests.
 *   - end == -1: a match that Python must judge itself, by running dates._numeric_date on
 *     dates._NUMERIC.match(text, start): an ISO date before a possible time of day, or a
 *     date before "-" or "." and a digit (a range or a longer number).
 *   - end == -2: a month/day pair that may be a date, which passed the tests of
 *     dates._numeric_date before dates._is_listed_or_two_part_date, so Python runs only
 *     that one.
 *
 * For end < 0, last_end is where the last date that C read ended, for the list rule, or -1.
 *
 * Matches that the tests reject are left out. It returns None, and Python runs its own loop,
 * when the text is not ASCII or a start is not an int in 0..PY_SSIZE_T_MAX.
 *
 * The pattern, for ASCII text, is
 *
 *   (\d(?<![\w/.-]\d)(?:\d\d\d|\d)?)(?:([/-])(\d{1,4})(?:\2(\d{1,4}))?|(\.)(\d\d?)\.(\d{4}))
 *
 * Each group must be followed by a separator or end the match, so each greedy repeat takes
 * the whole digit run or fails, and one forward pass reads a match without backtracking.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_ascii.h"

#include <string.h>

#define MAX_MONTH 12
#define MAX_DAY 31

/* A numeric match: its bounds, the separator, and the start and length of each digit group
 * after the first. third_length is 0 when the match has two groups. */
typedef struct {
    Py_ssize_t start;
    Py_ssize_t end;
    Py_ssize_t first_length;
    Py_ssize_t second_start;
    Py_ssize_t second_length;
    Py_ssize_t third_start;
    Py_ssize_t third_length;
    Py_UCS1 separator;
} NumericMatch;

/* Return the length of the run of digits at text[position:], reading at most limit. */
static inline Py_ssize_t
digit_run(const Py_UCS1 *text, Py_ssize_t length, Py_ssize_t position, Py_ssize_t limit)
{
    Py_ssize_t run = 0;
    while (run < limit && position + run < length && is_digit(text[position + run])) {
        run++;
    }
    return run;
}

/* Match the pattern at start, as _NUMERIC.match(text, start) does. Return 1 and fill found,
 * or 0 when it does not match. */
static int
match_numeric(const Py_UCS1 *text, Py_ssize_t length, Py_ssize_t start, NumericMatch *found)
{
    if (start >= length || !is_digit(text[start])) {
        return 0;
    }
    if (start > 0) {
        Py_UCS1 before = text[start - 1];
        if (is_word(before) || before == '/' || before == '.' || before == '-') {
            return 0;
        }
    }
    /* The first group is 1, 2 or 4 digits and a separator must follow it, so it is the whole
     * run of digits (at most 5 are read, to tell 4 from more). */
    Py_ssize_t first_length = digit_run(text, length, start, 5);
    if (first_length == 3 || first_length == 5) {
        return 0;
    }
    Py_ssize_t position = start + first_length;
    if (position >= length) {
        return 0;
    }
    Py_UCS1 separator = text[position];
    found->start = start;
    found->first_length = first_length;
    found->separator = separator;
    found->third_length = 0;
    found->third_start = 0;
    if (separator == '/' || separator == '-') {
        /* \d{1,4}, then an optional second separator and \d{1,4}. An optional group that
         * fails leaves the match as it is, so nothing backtracks into the groups before. */
        Py_ssize_t second_length = digit_run(text, length, position + 1, 4);
        if (second_length == 0) {
            /* The "." branch cannot match after "/" or "-". */
            return 0;
        }
        found->second_start = position + 1;
        found->second_length = second_length;
        position += 1 + second_length;
        if (position < length && text[position] == separator) {
            Py_ssize_t third_length = digit_run(text, length, position + 1, 4);
            if (third_length > 0) {
                found->third_start = position + 1;
                found->third_length = third_length;
                position += 1 + third_length;
            }
        }
        found->end = position;
        return 1;
    }
    if (separator != '.') {
        return 0;
    }
    /* (\d\d?)\.(\d{4}): a "." must follow the second group, so it is its whole run. */
    Py_ssize_t second_length = digit_run(text, length, position + 1, 3);
    if (second_length == 0 || second_length == 3) {
        return 0;
    }
    Py_ssize_t dot = position + 1 + second_length;
    if (dot >= length || text[dot] != '.') {
        return 0;
    }
    if (digit_run(text, length, dot + 1, 4) != 4) {
        return 0;
    }
    found->second_start = position + 1;
    found->second_length = second_length;
    found->third_start = dot + 1;
    found->third_length = 4;
    found->end = dot + 5;
    return 1;
}

static int
number_at(const Py_UCS1 *text, Py_ssize_t start, Py_ssize_t length)
{
    int value = 0;
    for (Py_ssize_t index = 0; index < length; index++) {
        value = value * 10 + (text[start + index] - '0');
    }
    return value;
}

static inline int
is_month_day(int month, int day)
{
    return month >= 1 && month <= MAX_MONTH && day >= 1 && day <= MAX_DAY;
}

/* The verdict on one match, as dates._numeric_date gives it. */
enum verdict { REJECT, DATE, ASK_PYTHON, ASK_PAIR_RULES };

/* Judge a match with three groups and no test left for Python. */
static enum verdict
judge_three_groups(const Py_UCS1 *text, const NumericMatch *match)
{
    int second = number_at(text, match->second_start, match->second_length);
    int third = number_at(text, match->third_start, match->third_length);
    if (match->first_length == 4) {
        /* Year, month and day. */
        if (match->third_length > 2) {
            return REJECT;
        }
        return is_month_day(second, third) ? DATE : REJECT;
    }
    if (match->first_length > 2 || match->second_length > 2 ||
        (match->third_length != 2 && match->third_length != 4)) {
        return REJECT;
    }
    if (match->separator == '.' && match->third_length != 4) {
        return REJECT;
    }
    int first = number_at(text, match->start, match->first_length);
    /* US order or day first. */
    return is_month_day(first, second) || is_month_day(second, first) ? DATE : REJECT;
}

/* Return whether the text before start may be the gap after an earlier date of a list, as
 * dates._DATE_LIST_GAP reads it. That gap runs from the end of a date, so from a digit, and
 * holds only blanks, commas, hyphens and the letters of "and", "or", "to" and "through". */
static int
may_follow_listed_date(const Py_UCS1 *text, Py_ssize_t start)
{
    Py_ssize_t position = start;
    while (position > 0 && text[position - 1] != '\0' &&
           strchr(" \t,-andorthug", text[position - 1]) != NULL) {
        position--;
    }
    return position > 0 && position < start && is_digit(text[position - 1]);
}

/* Judge a match with two groups, not followed by a range or a time of day. It is left to
 * Python's pair rules unless the month and day rules that dates._is_listed_or_two_part_date applies
 * after its regex tests reject it anyway. */
static enum verdict
judge_two_groups(const Py_UCS1 *text, const NumericMatch *match)
{
    int first = number_at(text, match->start, match->first_length);
    int second = number_at(text, match->second_start, match->second_length);
    int two_digit_groups = match->first_length <= 2 && match->second_length <= 2;
    if (match->separator == '-') {
        /* "3-14" is a date only as a month and day. */
        return two_digit_groups && is_month_day(first, second) ? ASK_PAIR_RULES : REJECT;
    }
    /* "3/14" as a month and day, or "03/2024" as a month and year. */
    int may_be_date = two_digit_groups && is_month_day(first, second);
    if (match->first_length <= 2 && match->second_length == 4) {
        const Py_UCS1 *century = text + match->second_start;
        may_be_date = first >= 1 && first <= MAX_MONTH &&
                      ((century[0] == '1' && century[1] == '9') ||
                       (century[0] == '2' && century[1] == '0'));
    }
    if (may_be_date || may_follow_listed_date(text, match->start)) {
        return ASK_PAIR_RULES;
    }
    return REJECT;
}

/* Append (start, end, last_end) to found. Return 0, or -1 with an exception set. */
static int
append_result(PyObject *found, Py_ssize_t start, Py_ssize_t end, Py_ssize_t last_end)
{
    PyObject *item = Py_BuildValue("(nnn)", start, end, last_end);
    if (item == NULL) {
        return -1;
    }
    int appended = PyList_Append(found, item);
    Py_DECREF(item);
    return appended;
}

static PyObject *
numeric_dates(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "numeric_dates() takes 2 arguments, got %zd", nargs);
        return NULL;
    }
    PyObject *text_object = args[0];
    PyObject *starts = args[1];
    if (!PyUnicode_Check(text_object)) {
        PyErr_Format(PyExc_TypeError, "text must be str, not %.100s",
                     Py_TYPE(text_object)->tp_name);
        return NULL;
    }
    if (!PyList_Check(starts)) {
        PyErr_Format(PyExc_TypeError, "starts must be list, not %.100s",
                     Py_TYPE(starts)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text_object) < 0) {
        return NULL;
    }
#endif
    if (!PyUnicode_IS_ASCII(text_object)) {
        Py_RETURN_NONE;
    }
    /* The starts are copied before any result is made: a start that Python must handle
     * (negative, too large or not an int) declines the whole call, and a collection that
     * runs while results are built cannot change the copy. */
    Py_ssize_t count = PyList_GET_SIZE(starts);
    Py_ssize_t *copied = PyMem_New(Py_ssize_t, count > 0 ? (size_t)count : 1);
    if (copied == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *item = PyList_GET_ITEM(starts, index);
        Py_ssize_t start = PyLong_CheckExact(item) ? PyLong_AsSsize_t(item) : -1;
        if (start == -1 && PyErr_Occurred()) {
            if (!PyErr_ExceptionMatches(PyExc_OverflowError)) {
                PyMem_Free(copied);
                return NULL;
            }
            PyErr_Clear();
        }
        if (start < 0) {
            PyMem_Free(copied);
            Py_RETURN_NONE;
        }
        copied[index] = start;
    }

    const Py_UCS1 *text = PyUnicode_1BYTE_DATA(text_object);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text_object);
    PyObject *found = PyList_New(0);
    if (found == NULL) {
        PyMem_Free(copied);
        return NULL;
    }
    /* Where the previous match ended: as in finditer, no match starts inside it. */
    Py_ssize_t position = 0;
    Py_ssize_t last_end = -1;
    for (Py_ssize_t index = 0; index < count; index++) {
        Py_ssize_t start = copied[index];
        NumericMatch match;
        if (start < position || !match_numeric(text, length, start, &match)) {
            continue;
        }
        position = match.end;
        Py_ssize_t end = match.end;
        enum verdict verdict;
        if (match.first_length == 4 && end + 1 < length &&
            (text[end] == 'T' || text[end] == ' ') && is_digit(text[end + 1])) {
            /* Perhaps a time of day: "2024-01-05T08:30". */
            verdict = ASK_PYTHON;
        }
        else if (end < length && (is_alnum(text[end]) || text[end] == '/')) {
            verdict = REJECT;
        }
        else if (end + 1 < length && (text[end] == '.' || text[end] == '-') &&
                 is_digit(text[end + 1])) {
            verdict = ASK_PYTHON;
        }
        else if (match.third_length == 0) {
            verdict = judge_two_groups(text, &match);
        }
        else {
            verdict = judge_three_groups(text, &match);
            /* A date with three groups sets the list rule's last end whether it is taken or
             * not. */
            last_end = end;
        }
        if (verdict == REJECT) {
            continue;
        }
        /* The end of a date, or -1 or -2 for what Python must judge (see the module doc). */
        Py_ssize_t result_end = end;
        if (verdict == ASK_PYTHON) {
            result_end = -1;
        }
        else if (verdict == ASK_PAIR_RULES) {
            result_end = -2;
        }
        if (append_result(found, start, result_end, last_end) < 0) {
            Py_DECREF(found);
            PyMem_Free(copied);
            return NULL;
        }
    }
    PyMem_Free(copied);
    return found;
}

static PyMethodDef methods[] = {
    {"numeric_dates", (PyCFunction)(void (*)(void))numeric_dates, METH_FASTCALL,
     "numeric_dates(text, starts) -> list of (start, end, last_end), or None when declined."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT,
    .m_name = "phigate.masking._dates",
    .m_doc = "The numeric date loop of the date detector, in C.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__dates(void)
{
    return PyModule_Create(&module_definition);
}
