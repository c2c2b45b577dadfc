/*
 * The per-match loops of the number and id finders, in C.
 *
 * Each function runs the loop of one finder in identifiers.py or patterns.py for an ASCII
 * note and returns None for any other note, so that the Python version, which stays the
 * reference, runs instead. Word sets, kinds and compiled patterns are passed in from Python.
 * The few rules written again here (unit words, the date shape, the limits of short ids)
 * name the Python constants they copy. Rare cases, such as a label after a joiner, a fax
 * hint near a number or a social-media label, go back to Python callbacks. The tests
 * compare every function with the Python code it replaces.
 *
 * Where a loop runs a pattern that matches most numbers, the pattern is matched here by
 * hand, and each such matcher quotes the pattern it follows. The others call the compiled
 * pattern's match method at the candidate starts that the functions read from a
 * prefilter.Scan's `_starts` and `_positions`. All functions hold the GIL throughout and
 * keep no state between calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_ascii.h"

#include <string.h>

static PyObject *end_name;       /* "end", interned */
static PyObject *text_name;      /* "text", interned */
static PyObject *starts_name;    /* "_starts", interned */
static PyObject *positions_name; /* "_positions", interned */
static PyObject *span_name;      /* "span", interned */

/* The window that context.label_before and identifiers._token_ids read before a token. */
#define LABEL_WINDOW 40
/* Characters before a number that prefilter._phone_kind reads for "fax". */
#define FAX_WINDOW 30
#define FAX_LENGTH 3
#define MIN_ID_CHARACTERS 5
/* The limits of identifiers._short_labeled_span and identifiers._is_coded_id. */
#define MIN_SHORT_ID_DIGITS 3
#define MAX_SHORT_ID_DIGITS 4
#define MIN_GROUPED_ID_DIGITS 5
#define MIN_PLATE_LETTERS 2
#define MIN_PLATE_DIGITS 3
#define DEA_LENGTH 9
#define VIN_LENGTH 17
#define MIN_DIGIT_RUN 7
#define SHORT_DIGIT_RUN 5
/* Words that context.label_before reads by default, and for an SSN label. */
#define MAX_LABEL_WORDS 4
#define MAX_SSN_LABEL_WORDS 6

static inline Py_UCS1
lower(Py_UCS1 c)
{
    return is_upper(c) ? (Py_UCS1)(c - 'A' + 'a') : c;
}

/*
 * Return the characters of `text` when it is an ASCII str, with its length in *length; NULL
 * with no exception set for any other str; NULL with an exception for a non-str.
 */
static const Py_UCS1 *
ascii_text(PyObject *text, Py_ssize_t *length)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "expected a str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    if (!PyUnicode_IS_ASCII(text)) {
        return NULL;
    }
    *length = PyUnicode_GET_LENGTH(text);
    return PyUnicode_1BYTE_DATA(text);
}

/* The candidate starts of one pattern, copied out of the Python list. */
typedef struct {
    Py_ssize_t *items;
    Py_ssize_t count;
} Starts;

/*
 * Copy `starts`, a list of ints, into *out. Return 1 when every start lies in [0, length),
 * 0 when one does not (the caller then declines the note), and -1 on error.
 */
static int
read_starts(PyObject *starts, Py_ssize_t length, Starts *out)
{
    out->items = NULL;
    out->count = 0;
    if (!PyList_Check(starts)) {
        PyErr_SetString(PyExc_TypeError, "expected a list of starts");
        return -1;
    }
    Py_ssize_t count = PyList_GET_SIZE(starts);
    out->items = PyMem_Malloc((count ? (size_t)count : 1) * sizeof(Py_ssize_t));
    if (out->items == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        /* No Python code runs in this loop, so the list cannot change under it. */
        Py_ssize_t start = PyLong_AsSsize_t(PyList_GET_ITEM(starts, i));
        if (start == -1 && PyErr_Occurred()) {
            PyMem_Free(out->items);
            out->items = NULL;
            return -1;
        }
        if (start < 0 || start >= length) {
            PyMem_Free(out->items);
            out->items = NULL;
            return 0;
        }
        out->items[i] = start;
    }
    out->count = count;
    return 1;
}

/* The note of a prefilter.Scan: its text, and the characters where it is ASCII. */
typedef struct {
    PyObject *text;
    const Py_UCS1 *s;
    Py_ssize_t n;
} Note;

/*
 * Read scan.text into *note, which then owns a reference to it. Return 1 for an ASCII note,
 * 0 for any other, and -1 on error.
 */
static int
read_note(PyObject *scan, Note *note)
{
    note->text = PyObject_GetAttr(scan, text_name);
    if (note->text == NULL) {
        return -1;
    }
    note->s = ascii_text(note->text, &note->n);
    if (note->s == NULL) {
        Py_CLEAR(note->text);
        return PyErr_Occurred() ? -1 : 0;
    }
    return 1;
}

/*
 * Copy the candidate starts of `pattern` in `scan` into *out, as Scan.starts gives them.
 * Return 1 when the scan covered the pattern, 0 when it did not or a start lies outside the
 * note, and -1 on error.
 */
static int
pattern_starts(PyObject *scan, PyObject *pattern, Py_ssize_t length, Starts *out)
{
    out->items = NULL;
    out->count = 0;
    PyObject *positions = PyObject_GetAttr(scan, positions_name);
    if (positions == NULL) {
        return -1;
    }
    PyObject *key = PyLong_FromVoidPtr(pattern);
    if (key == NULL) {
        Py_DECREF(positions);
        return -1;
    }
    PyObject *position;
    if (PyDict_CheckExact(positions)) {
        position = PyDict_GetItemWithError(positions, key);
        Py_XINCREF(position);
    }
    else {
        position = PyObject_CallMethod(positions, "get", "O", key);
    }
    Py_DECREF(key);
    Py_DECREF(positions);
    if (position == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    if (position == Py_None) {
        Py_DECREF(position);
        return 0;
    }
    PyObject *all = PyObject_GetAttr(scan, starts_name);
    if (all == NULL) {
        Py_DECREF(position);
        return -1;
    }
    PyObject *starts = PyObject_GetItem(all, position);
    Py_DECREF(all);
    Py_DECREF(position);
    if (starts == NULL) {
        return -1;
    }
    int read = 1;
    if (starts != Py_None) {
        read = read_starts(starts, length, out);
    }
    Py_DECREF(starts);
    return read;
}

/*
 * The starts to try for a pattern that is matched here: its candidate starts in `scan`, or
 * with *every set every position of the note where the scan did not cover it. Return 1, 0
 * where a start lies outside the note, and -1 on error.
 */
static int
scan_or_every(PyObject *scan, PyObject *pattern, Py_ssize_t length, Starts *out, int *every)
{
    *every = 0;
    PyObject *positions = PyObject_GetAttr(scan, positions_name);
    if (positions == NULL) {
        return -1;
    }
    int covered = 0;
    PyObject *key = PyLong_FromVoidPtr(pattern);
    if (key == NULL) {
        Py_DECREF(positions);
        return -1;
    }
    covered = PySequence_Contains(positions, key);
    Py_DECREF(key);
    Py_DECREF(positions);
    if (covered < 0) {
        return -1;
    }
    if (!covered) {
        out->items = NULL;
        out->count = 0;
        *every = 1;
        return 1;
    }
    return pattern_starts(scan, pattern, length, out);
}

/* Append Span(start, end, kind, source) to `spans`; return -1 on error. */
static int
append_span(PyObject *spans, PyObject *span_type, Py_ssize_t start, Py_ssize_t end,
            PyObject *kind, PyObject *source)
{
    PyObject *start_object = PyLong_FromSsize_t(start);
    PyObject *end_object = PyLong_FromSsize_t(end);
    PyObject *span = NULL;
    if (start_object != NULL && end_object != NULL) {
        PyObject *call_args[4] = {start_object, end_object, kind, source};
        span = PyObject_Vectorcall(span_type, call_args, 4, NULL);
    }
    Py_XDECREF(start_object);
    Py_XDECREF(end_object);
    if (span == NULL) {
        return -1;
    }
    int appended = PyList_Append(spans, span);
    Py_DECREF(span);
    return appended;
}

/*
 * Call match(text, start). Return 1 and store the match's end in *end when it matched, 0
 * when it returned None, and -1 on error.
 */
static int
call_match(PyObject *match, PyObject *text, Py_ssize_t start, Py_ssize_t *end)
{
    PyObject *start_object = PyLong_FromSsize_t(start);
    if (start_object == NULL) {
        return -1;
    }
    PyObject *call_args[2] = {text, start_object};
    PyObject *result = PyObject_Vectorcall(match, call_args, 2, NULL);
    Py_DECREF(start_object);
    if (result == NULL) {
        return -1;
    }
    if (result == Py_None) {
        Py_DECREF(result);
        return 0;
    }
    PyObject *end_object = PyObject_CallMethodNoArgs(result, end_name);
    Py_DECREF(result);
    if (end_object == NULL) {
        return -1;
    }
    *end = PyLong_AsSsize_t(end_object);
    Py_DECREF(end_object);
    if (*end == -1 && PyErr_Occurred()) {
        return -1;
    }
    return 1;
}

/* Where Scan.finditer tries the next start: past the match [start, end). */
static inline Py_ssize_t
next_position(Py_ssize_t start, Py_ssize_t end)
{
    return end > start ? end : start + 1;
}

/* The lower-case form of s[start:end] as a new str, or NULL on error. */
static PyObject *
lower_word(const Py_UCS1 *s, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *word = PyUnicode_New(end - start, 127);
    if (word == NULL) {
        return NULL;
    }
    Py_UCS1 *data = PyUnicode_1BYTE_DATA(word);
    for (Py_ssize_t i = start; i < end; i++) {
        data[i - start] = lower(s[i]);
    }
    return word;
}

/* Return whether the lower-case form of s[start:end] is in `words`: 1, 0 or -1 on error. */
static int
contains_word(PyObject *words, const Py_UCS1 *s, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *word = lower_word(s, start, end);
    if (word == NULL) {
        return -1;
    }
    int found = PySequence_Contains(words, word);
    Py_DECREF(word);
    return found;
}

/* Widen [start, end) as identifiers._python_token_around does, for ASCII text. */
static void
token_around(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t *start, Py_ssize_t *end)
{
    Py_ssize_t low = *start;
    while (low > 0 && (is_alnum(s[low - 1]) || (s[low - 1] == '-' && low > 1 &&
                                                  is_alnum(s[low - 2])))) {
        low--;
    }
    Py_ssize_t high = *end;
    while (high < n && (is_alnum(s[high]) || (s[high] == '-' && high + 1 < n &&
                                                is_alnum(s[high + 1])))) {
        high++;
    }
    *start = low;
    *end = high;
}

/* The count of digits in a row from s[position]. */
static Py_ssize_t
digit_run(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    Py_ssize_t end = position;
    while (end < n && is_digit(s[end])) {
        end++;
    }
    return end - position;
}

/* Whether \b matches between s[position - 1] and s[position]. */
static int
word_boundary(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    int before = position > 0 && is_word(s[position - 1]);
    int after = position < n && is_word(s[position]);
    return before != after;
}

/*
 * Whether one of `words` follows s[position] after blanks and ends at a word boundary,
 * compared without case: the pattern [ \t]*(?i:word|word|...)\b. Fewer blanks cannot help,
 * because no word starts with a blank.
 */
static int
word_after(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position, const char *const *words)
{
    while (position < n && (s[position] == ' ' || s[position] == '\t')) {
        position++;
    }
    for (const char *const *word = words; *word != NULL; word++) {
        Py_ssize_t length = (Py_ssize_t)strlen(*word);
        if (length > n - position) {
            continue;
        }
        Py_ssize_t i = 0;
        while (i < length && lower(s[position + i]) == (Py_UCS1)(*word)[i]) {
            i++;
        }
        if (i == length && word_boundary(s, n, position + length)) {
            return 1;
        }
    }
    return 0;
}

/* The words of identifiers._UNIT_AFTER. */
static const char *const unit_words[] = {
    "mg", "mcg", "ug", "g", "kg", "lb", "lbs", "oz", "ml", "l", "cc", "unit", "units", "iu",
    "kcal", "cal", "%", "mm", "cm", "min", "hr", "hrs", "day", "days", "week", "weeks", "dose",
    "doses", "tab", "tabs", "tablet", "tablets", "cap", "caps", "puff", "puffs", "drop", "drops",
    "bpm", "mmhg", NULL,
};

/* The words of identifiers._AMOUNT_AFTER. */
static const char *const amount_words[] = {
    "copies", "iu", "u", "unit", "units", "cells", "mg", "mcg", "ng", "pg", "g", "ml", "/ml",
    "/ul", "/mcl", "/mm3", "/l", "k/ul", "cfu", NULL,
};

/*
 * Match identifiers._ID_DIGITS at s[position]; return the end of the match, or -1:
 *
 *     (?:[A-Za-z-]\d\d\d|\d(?<!\d\d)(?:\d\d\d\d|\d\d+(?:[A-Za-z]|-(?=[^\W_]))))
 *     (?:[^\W_]|-(?=[^\W_]))*
 *     |\d(?<!\d\d)\d\d+-(?![^\W_])
 *
 * The repeat at the end may match nothing, so once the first part matches the first branch
 * does. "\d\d+" can only stop where the run of digits ends, because a digit follows
 * anywhere before that.
 */
static Py_ssize_t
match_id_digits(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    Py_UCS1 first = s[position];
    Py_ssize_t head;
    if (is_letter(first) || first == '-') {
        if (position + 3 >= n || !is_digit(s[position + 1]) || !is_digit(s[position + 2]) ||
            !is_digit(s[position + 3])) {
            return -1;
        }
        head = position + 4;
    }
    else if (is_digit(first)) {
        if (position > 0 && is_digit(s[position - 1])) {
            return -1;
        }
        Py_ssize_t run = digit_run(s, n, position);
        Py_ssize_t after = position + run;
        if (run >= 5) {
            head = position + 5;
        }
        else if (run < 3 || after >= n) {
            return -1;
        }
        else if (is_letter(s[after]) ||
                 (s[after] == '-' && after + 1 < n && is_alnum(s[after + 1]))) {
            head = after + 1;
        }
        else if (s[after] == '-') {
            /* The last branch: a hyphen that ends the token. */
            return after + 1;
        }
        else {
            return -1;
        }
    }
    else {
        return -1;
    }
    while (head < n && (is_alnum(s[head]) || (s[head] == '-' && head + 1 < n &&
                                                is_alnum(s[head + 1])))) {
        head++;
    }
    return head;
}

/* Whether s[start:end] is all digits and not empty. */
static int
all_digits(const Py_UCS1 *s, Py_ssize_t start, Py_ssize_t end)
{
    if (start >= end) {
        return 0;
    }
    for (Py_ssize_t i = start; i < end; i++) {
        if (!is_digit(s[i])) {
            return 0;
        }
    }
    return 1;
}

/*
 * Whether a token with two hyphens fullmatches identifiers._DATE_SHAPE:
 * \d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}.
 */
static int
date_shape(const Py_UCS1 *s, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t first = start;
    while (first < end && s[first] != '-') {
        first++;
    }
    Py_ssize_t second = first + 1;
    while (second < end && s[second] != '-') {
        second++;
    }
    if (second >= end || !all_digits(s, start, first) || !all_digits(s, first + 1, second) ||
        !all_digits(s, second + 1, end)) {
        return 0;
    }
    Py_ssize_t a = first - start;
    Py_ssize_t b = second - first - 1;
    Py_ssize_t c = end - second - 1;
    if (a == 4 && b <= 2 && c <= 2) {
        return 1;
    }
    return a <= 2 && b <= 2 && c >= 2 && c <= 4;
}

/* A token that _token_ids keeps: its bounds and its label, a str, True, False or None. */
static int
append_token(PyObject *found, Py_ssize_t start, Py_ssize_t end, PyObject *label)
{
    PyObject *item = Py_BuildValue("(nnO)", start, end, label);
    if (item == NULL) {
        return -1;
    }
    int appended = PyList_Append(found, item);
    Py_DECREF(item);
    return appended;
}

/*
 * token_ids(scan, pattern, labels, fillers) -> list | None
 *
 * The loop of identifiers._python_token_ids for an ASCII note, up to the label. It returns
 * (start, end, label) for each token that may be a labeled id, a DEA number or a VIN. The
 * label is the label word, None for no label, or a bool for the `coded` argument of
 * identifiers._label_of, which must then decide. `pattern` is identifiers._ID_DIGITS, whose
 * candidate starts in the prefilter.Scan `scan` are tried, or every position where the scan
 * did not cover it. Return None for a note that is not ASCII or a start outside it.
 */
static PyObject *
token_ids(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "token_ids() takes 4 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *labels = args[2];
    PyObject *fillers = args[3];
    Note note;
    int ascii = read_note(args[0], &note);
    if (ascii <= 0) {
        if (ascii < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    const Py_UCS1 *s = note.s;
    Py_ssize_t n = note.n;
    Starts starts = {NULL, 0};
    int every = 0;
    if (scan_or_every(args[0], args[1], n, &starts, &every) <= 0) {
        Py_DECREF(note.text);
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    PyObject *found = PyList_New(0);
    if (found == NULL) {
        goto error;
    }
    Py_ssize_t position = 0;
    Py_ssize_t tries = every ? n : starts.count;
    for (Py_ssize_t index = 0; index < tries; index++) {
        Py_ssize_t at = every ? index : starts.items[index];
        if (at < position) {
            continue;
        }
        Py_ssize_t match_end = match_id_digits(s, n, at);
        if (match_end < 0) {
            continue;
        }
        position = next_position(at, match_end);
        /* Widen from the first digit: a hyphen before the run may be no part of the token. */
        Py_ssize_t start = s[at] == '-' ? at + 1 : at;
        Py_ssize_t end = start + 1;
        token_around(s, n, &start, &end);
        Py_ssize_t low = start > LABEL_WINDOW ? start - LABEL_WINDOW : 0;
        /* `before` of the Python loop is s[low:cut], the window without separators at its
         * end: in ASCII text every character but a letter or digit separates words. */
        Py_ssize_t cut = start;
        while (cut > low && !is_alnum(s[cut - 1])) {
            cut--;
        }
        int labeled = cut > low && is_letter(s[cut - 1]);
        Py_ssize_t length = end - start;
        if (!labeled && length != DEA_LENGTH && length != VIN_LENGTH) {
            continue;
        }
        int coded = labeled && is_upper(s[cut - 1]) && (cut - 1 == low || is_upper(s[cut - 2]));
        Py_ssize_t hyphens = 0;
        for (Py_ssize_t i = start; i < end; i++) {
            hyphens += s[i] == '-';
        }
        if (length - hyphens < MIN_ID_CHARACTERS) {
            continue;
        }
        if (hyphens == 2 && date_shape(s, start, end)) {
            continue;
        }
        if (end < n && (s[end] == ' ' || s[end] == '\t' || s[end] == '%') &&
            word_after(s, n, end, unit_words)) {
            continue;
        }
        int checked = length == DEA_LENGTH || length == VIN_LENGTH;
        PyObject *label = Py_None;
        PyObject *word = NULL;
        if (labeled && coded) {
            label = Py_True;
        }
        else if (labeled) {
            /* identifiers._last_word_label: the last word of `before` decides. */
            Py_ssize_t word_start = cut;
            while (word_start > low && is_letter(s[word_start - 1])) {
                word_start--;
            }
            Py_UCS1 joiner = word_start > low ? s[word_start - 1] : 0;
            if (!is_digit(joiner)) {
                int filler = 0;
                if (joiner != '\'' && joiner != '/') {
                    filler = contains_word(fillers, s, word_start, cut);
                    if (filler < 0) {
                        goto error;
                    }
                }
                if (joiner == '\'' || joiner == '/' || filler) {
                    label = Py_False;
                }
                else {
                    word = lower_word(s, word_start, cut);
                    if (word == NULL) {
                        goto error;
                    }
                    int known = PySequence_Contains(labels, word);
                    if (known < 0) {
                        Py_DECREF(word);
                        goto error;
                    }
                    if (known) {
                        label = word;
                    }
                }
            }
        }
        if (label != Py_None || checked) {
            if (append_token(found, start, end, label) < 0) {
                Py_XDECREF(word);
                goto error;
            }
        }
        Py_XDECREF(word);
    }
    PyMem_Free(starts.items);
    Py_DECREF(note.text);
    return found;
error:
    PyMem_Free(starts.items);
    Py_DECREF(note.text);
    Py_XDECREF(found);
    return NULL;
}

/*
 * long_numbers(scan, pattern, unit_suffixes, span_type, kind, source) -> list | None
 *
 * identifiers._python_long_numbers for an ASCII note: the spans of tokens with seven digits
 * in a row, or five or six among letters. `pattern` is identifiers._DIGIT_RUN,
 * \d(?<!\d\d)\d{4,}, whose candidate starts in `scan` are tried, or every position where
 * the scan did not cover it. Return None for a note that is not ASCII or a start outside it.
 */
static PyObject *
long_numbers(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6) {
        PyErr_Format(PyExc_TypeError, "long_numbers() takes 6 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *suffixes = args[2];
    PyObject *span_type = args[3];
    PyObject *kind = args[4];
    PyObject *source = args[5];
    Note note;
    int ascii = read_note(args[0], &note);
    if (ascii <= 0) {
        if (ascii < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    const Py_UCS1 *s = note.s;
    Py_ssize_t n = note.n;
    Starts starts = {NULL, 0};
    int every = 0;
    if (scan_or_every(args[0], args[1], n, &starts, &every) <= 0) {
        Py_DECREF(note.text);
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    PyObject *spans = PyList_New(0);
    if (spans == NULL) {
        goto error;
    }
    Py_ssize_t position = 0;
    Py_ssize_t tries = every ? n : starts.count;
    /* The token of the last run. Every run inside a token widens to the same token, so a
     * long token with many runs ("2020-01-012020-01-01...") is widened and read once. */
    Py_ssize_t token_start = 0;
    Py_ssize_t token_end = 0;
    int token_digits = 0;
    for (Py_ssize_t index = 0; index < tries; index++) {
        Py_ssize_t run_start = every ? index : starts.items[index];
        if (run_start < position || !is_digit(s[run_start]) ||
            (run_start > 0 && is_digit(s[run_start - 1]))) {
            continue;
        }
        Py_ssize_t run = digit_run(s, n, run_start);
        if (run < SHORT_DIGIT_RUN) {
            continue;
        }
        Py_ssize_t run_end = run_start + run;
        position = run_end;
        if (run_start >= token_end) {
            token_start = run_start;
            token_end = run_end;
            token_around(s, n, &token_start, &token_end);
            token_digits = all_digits(s, token_start, token_end);
        }
        Py_ssize_t start = token_start;
        Py_ssize_t end = token_end;
        if (run >= MIN_DIGIT_RUN) {
            /* "HIV RNA 1200000 copies/mL", "Bicillin 2400000 units": an amount. */
            if (end < n && (s[end] == ' ' || s[end] == '\t' || s[end] == '/') &&
                token_digits && word_after(s, n, end, amount_words)) {
                continue;
            }
        }
        else {
            if (token_digits) {
                continue;
            }
            /* The digits from the token's start reach run_end only if the run starts the
             * token, because the character before a run is no digit. */
            if (start == run_start) {
                int unit = contains_word(suffixes, s, run_end, end);
                if (unit < 0) {
                    goto error;
                }
                if (unit) {
                    continue;
                }
            }
        }
        if (append_span(spans, span_type, start, end, kind, source) < 0) {
            goto error;
        }
    }
    PyMem_Free(starts.items);
    Py_DECREF(note.text);
    return spans;
error:
    PyMem_Free(starts.items);
    Py_DECREF(note.text);
    Py_XDECREF(spans);
    return NULL;
}

/*
 * Find the label of context.label_before among the words before s[start], for ASCII text,
 * reading at most `max_words` words:
 * 1 when one of `labels` comes first, 0 when none does, 2 when a joiner ("'" or "/") stops
 * the reading, so that Python must decide, and -1 on error.
 */
static int
ascii_label_before(const Py_UCS1 *s, Py_ssize_t start, PyObject *labels, PyObject *fillers,
                   int max_words)
{
    Py_ssize_t low = start > LABEL_WINDOW ? start - LABEL_WINDOW : 0;
    Py_ssize_t position = start;
    for (int count = 0; count < max_words; count++) {
        while (position > low && !is_alnum(s[position - 1])) {
            position--;
        }
        if (position == low) {
            return 0;
        }
        Py_ssize_t word_end = position;
        while (position > low && is_alnum(s[position - 1])) {
            position--;
        }
        if (position > low && (s[position - 1] == '\'' || s[position - 1] == '/')) {
            return 2;
        }
        int found = contains_word(labels, s, position, word_end);
        if (found != 0) {
            return found;
        }
        found = contains_word(fillers, s, position, word_end);
        if (found <= 0) {
            return found;
        }
    }
    return 0;
}

/* Call function(text, start) and return its result, a new reference, or NULL. */
static PyObject *
call_at(PyObject *function, PyObject *text, Py_ssize_t start)
{
    PyObject *start_object = PyLong_FromSsize_t(start);
    if (start_object == NULL) {
        return NULL;
    }
    PyObject *call_args[2] = {text, start_object};
    PyObject *result = PyObject_Vectorcall(function, call_args, 2, NULL);
    Py_DECREF(start_object);
    return result;
}

static Py_ssize_t
skip_blanks(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    while (position < n && is_blank(s[position])) {
        position++;
    }
    return position;
}

/* Whether s[position:position + count] lies in the text and is all digits. */
static int
digits_at(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position, Py_ssize_t count)
{
    return count <= n - position && all_digits(s, position, position + count);
}

/*
 * Match patterns._SEPARATOR at s[position] where a digit must follow it; return where that
 * digit is, or -1. The branches are
 *
 *     [ \t]*[.-]?[ \t]*\n[ \t]*  |  [ \t]+-[ \t]+  |  [ \t.-]
 *
 * and at most one of them reaches a digit: the first needs a line break, the second a blank
 * before the digit and the third a digit right after one character. Within a branch fewer
 * blanks only put a blank where a line break, a hyphen or a digit must be.
 */
static Py_ssize_t
separator_then_digit(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    if (position >= n) {
        return -1;
    }
    Py_UCS1 c = s[position];
    if ((is_blank(c) || c == '.' || c == '-') && position + 1 < n &&
        is_digit(s[position + 1])) {
        return position + 1;
    }
    Py_ssize_t i = skip_blanks(s, n, position);
    Py_ssize_t blanks = i - position;
    if (i < n && (s[i] == '.' || s[i] == '-')) {
        Py_ssize_t after = skip_blanks(s, n, i + 1);
        if (after < n && s[after] == '\n') {
            after = skip_blanks(s, n, after + 1);
            return after < n && is_digit(s[after]) ? after : -1;
        }
        if (blanks > 0 && s[i] == '-' && after > i + 1 && after < n && is_digit(s[after])) {
            return after;
        }
        return -1;
    }
    if (i < n && s[i] == '\n') {
        i = skip_blanks(s, n, i + 1);
        return i < n && is_digit(s[i]) ? i : -1;
    }
    return -1;
}

/*
 * Match patterns._PHONE_TAIL at s[position]; return the end of the match, or -1:
 *
 *     \d{3}SEPARATOR\d{4}(?![\d-]|\.\d)(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,5})?
 *
 * The extension is optional and greedy, so it is taken where it matches.
 */
static Py_ssize_t
match_phone_tail(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    if (!digits_at(s, n, position, 3)) {
        return -1;
    }
    Py_ssize_t group = separator_then_digit(s, n, position + 3);
    if (group < 0 || !digits_at(s, n, group, 4)) {
        return -1;
    }
    Py_ssize_t end = group + 4;
    if (end < n && (is_digit(s[end]) || s[end] == '-' ||
                    (s[end] == '.' && end + 1 < n && is_digit(s[end + 1])))) {
        return -1;
    }
    static const char *const extensions[] = {"x", "ext.", "ext", "extension", NULL};
    Py_ssize_t word = skip_blanks(s, n, end);
    for (const char *const *extension = extensions; *extension != NULL; extension++) {
        Py_ssize_t length = (Py_ssize_t)strlen(*extension);
        if (length > n - word || memcmp(s + word, *extension, (size_t)length) != 0) {
            continue;
        }
        Py_ssize_t digits = skip_blanks(s, n, word + length);
        Py_ssize_t run = digit_run(s, n, digits);
        if (run > 0) {
            return digits + (run < 5 ? run : 5);
        }
    }
    return end;
}

/*
 * Match patterns._PHONE_PAREN at s[position]; return the end of the match, or -1:
 *
 *     \(\d{3}\)(?:[ .-]?|[ \t]*\n[ \t]*)PHONE_TAIL
 *
 * At most one way through the gap reaches a digit, so the first that does decides.
 */
static Py_ssize_t
match_phone_paren(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    if (s[position] != '(' || !digits_at(s, n, position + 1, 3) || position + 4 >= n ||
        s[position + 4] != ')') {
        return -1;
    }
    Py_ssize_t gap = position + 5;
    if (gap >= n) {
        return -1;
    }
    Py_ssize_t digits;
    if (is_digit(s[gap])) {
        digits = gap;
    }
    else if ((s[gap] == ' ' || s[gap] == '.' || s[gap] == '-') && gap + 1 < n &&
             is_digit(s[gap + 1])) {
        digits = gap + 1;
    }
    else {
        digits = skip_blanks(s, n, gap);
        if (digits >= n || s[digits] != '\n') {
            return -1;
        }
        digits = skip_blanks(s, n, digits + 1);
    }
    return match_phone_tail(s, n, digits);
}

/*
 * Match patterns._BARE_PHONE at s[position]; return the end of the match, or -1:
 *
 *     \d(?<![\w.+-]\d)\d\d(?:\d{7,8}|[-. ]\d{4})(?![\d-])
 *
 * Seven or eight more digits match only where the run of digits ends there.
 */
static Py_ssize_t
match_bare_phone(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    if (position > 0) {
        Py_UCS1 previous = s[position - 1];
        if (is_word(previous) || previous == '.' || previous == '+' || previous == '-') {
            return -1;
        }
    }
    if (!digits_at(s, n, position, 3)) {
        return -1;
    }
    Py_ssize_t rest = position + 3;
    Py_ssize_t run = digit_run(s, n, rest);
    if (run == 7 || run == 8) {
        Py_ssize_t end = rest + run;
        return end < n && s[end] == '-' ? -1 : end;
    }
    if (run == 0 && rest < n && (s[rest] == '-' || s[rest] == '.' || s[rest] == ' ') &&
        digits_at(s, n, rest + 1, 4)) {
        Py_ssize_t end = rest + 5;
        return end < n && (is_digit(s[end]) || s[end] == '-') ? -1 : end;
    }
    return -1;
}

/* The fax hints of a note and the callback that reads the window before a number. */
typedef struct {
    Starts hints;
    PyObject *kind_of;
    PyObject *phone;
} FaxHints;

/*
 * Return a new reference to the kind of a phone number at `start`, as
 * patterns._phone_kind_near gives it: the phone kind unless a hint lies in the window,
 * where kind_of(text, start) decides.
 */
static PyObject *
phone_kind(const FaxHints *faxes, PyObject *text, Py_ssize_t start)
{
    for (Py_ssize_t i = 0; i < faxes->hints.count; i++) {
        Py_ssize_t hint = faxes->hints.items[i];
        if (start - FAX_WINDOW <= hint && hint <= start - FAX_LENGTH) {
            return call_at(faxes->kind_of, text, start);
        }
    }
    Py_INCREF(faxes->phone);
    return faxes->phone;
}

/* Append a phone span of the kind phone_kind gives; return -1 on error. */
static int
append_phone(PyObject *spans, PyObject *span_type, const FaxHints *faxes, PyObject *text,
             Py_ssize_t start, Py_ssize_t end, PyObject *source)
{
    PyObject *kind = phone_kind(faxes, text, start);
    if (kind == NULL) {
        return -1;
    }
    int appended = append_span(spans, span_type, start, end, kind, source);
    Py_DECREF(kind);
    return appended;
}

/*
 * Return where a country code "+1" or "1", with or without a separator, begins when it ends
 * at `start`. This is the match of patterns._COUNTRY_CODE (\+?1[ .-]?\Z) in the three
 * characters before. Without one, return `start`.
 */
static Py_ssize_t
country_code_start(const Py_UCS1 *s, Py_ssize_t start)
{
    for (Py_ssize_t at = start > 3 ? start - 3 : 0; at < start; at++) {
        Py_ssize_t i = at;
        if (s[i] == '+') {
            i++;
        }
        if (i >= start || s[i] != '1') {
            continue;
        }
        i++;
        if (i < start && (s[i] == ' ' || s[i] == '.' || s[i] == '-')) {
            i++;
        }
        if (i == start) {
            return at;
        }
    }
    return start;
}

/*
 * Whether the word before s[start] may be a phone label, as patterns._may_follow_label
 * finds for ASCII text: not when it ends in a digit.
 */
static int
may_follow_label(const Py_UCS1 *s, Py_ssize_t start)
{
    for (Py_ssize_t position = start; position > 0; position--) {
        if (is_alnum(s[position - 1])) {
            return !is_digit(s[position - 1]);
        }
    }
    return 1;
}

/* Whether patterns._PHONE_LIST_GAP may end at s[start], as patterns._may_follow_list finds. */
static int
may_follow_list(const Py_UCS1 *s, Py_ssize_t start)
{
    Py_ssize_t position = start;
    while (position > 0 && (s[position - 1] == ' ' || s[position - 1] == '\t')) {
        position--;
    }
    if (position == 0) {
        return 0;
    }
    Py_UCS1 previous = s[position - 1];
    return previous == 'r' || previous == 'd' || previous == ',' || previous == '/' ||
           previous == ';';
}

/* Call predicate(text, start) and return its truth, or -1 on error. */
static int
test_at(PyObject *predicate, PyObject *text, Py_ssize_t start)
{
    PyObject *result = call_at(predicate, text, start);
    if (result == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(result);
    Py_DECREF(result);
    return truth;
}

/*
 * Append to `spans` the phone numbers of `pattern` in the note, tried at its candidate
 * starts, as the first loop of patterns._python_find_phones finds them. A pattern of None
 * stands for patterns._PHONE_PAREN, which is matched here. Return 1, 0 to decline the note
 * and -1 on error.
 */
static int
shaped_phones(PyObject *scan, const Note *note, PyObject *pattern, int paren,
              const FaxHints *faxes, PyObject *span_type, PyObject *spans, PyObject *source)
{
    const Py_UCS1 *s = note->s;
    Starts starts;
    int read = pattern_starts(scan, pattern, note->n, &starts);
    if (read <= 0) {
        return read;
    }
    PyObject *match = NULL;
    if (!paren) {
        match = PyObject_GetAttrString(pattern, "match");
        if (match == NULL) {
            PyMem_Free(starts.items);
            return -1;
        }
    }
    int result = 1;
    Py_ssize_t position = 0;
    for (Py_ssize_t index = 0; index < starts.count; index++) {
        Py_ssize_t at = starts.items[index];
        if (at < position) {
            continue;
        }
        Py_ssize_t end;
        if (paren) {
            end = match_phone_paren(s, note->n, at);
            if (end < 0) {
                continue;
            }
        }
        else {
            int matched = call_match(match, note->text, at, &end);
            if (matched < 0) {
                result = -1;
                break;
            }
            if (!matched) {
                continue;
            }
        }
        position = next_position(at, end);
        Py_ssize_t start = country_code_start(s, at);
        /* After a "/" only a second number can start ("555-201-3344/555-201-3355"). */
        if (start > 0 && (is_alnum(s[start - 1]) || s[start - 1] == '.' || s[start - 1] == '-')) {
            continue;
        }
        if (append_phone(spans, span_type, faxes, note->text, start, end, source) < 0) {
            result = -1;
            break;
        }
    }
    Py_XDECREF(match);
    PyMem_Free(starts.items);
    return result;
}

/*
 * Append to `spans` the numbers of patterns._BARE_PHONE, matched here at its candidate
 * starts, that follow a phone label or a first number, as the last loop of
 * patterns._python_find_phones finds them. Return 1, 0 to decline the note and -1 on error.
 */
static int
bare_phones(PyObject *scan, const Note *note, PyObject *pattern, const FaxHints *faxes,
            PyObject *const *checks, PyObject *span_type, PyObject *spans, PyObject *source)
{
    PyObject *labels = checks[0];
    PyObject *fillers = checks[1];
    PyObject *follows_list = checks[2];
    PyObject *follows_label = checks[3];
    const Py_UCS1 *s = note->s;
    Starts starts;
    int read = pattern_starts(scan, pattern, note->n, &starts);
    if (read <= 0) {
        return read;
    }
    Py_ssize_t position = 0;
    for (Py_ssize_t index = 0; index < starts.count; index++) {
        Py_ssize_t start = starts.items[index];
        if (start < position) {
            continue;
        }
        Py_ssize_t end = match_bare_phone(s, note->n, start);
        if (end < 0) {
            continue;
        }
        position = next_position(start, end);
        /* The match leaves out every number after a letter, a digit or one of "-.+". */
        /* "(555) 201-3344 or 201-3355": a second number right after a first. */
        int keep = 0;
        if (may_follow_list(s, start)) {
            keep = test_at(follows_list, note->text, start);
        }
        if (keep == 0 && may_follow_label(s, start)) {
            keep = ascii_label_before(s, start, labels, fillers, MAX_LABEL_WORDS);
            if (keep == 2) {
                keep = test_at(follows_label, note->text, start);
            }
        }
        if (keep < 0 ||
            (keep && append_phone(spans, span_type, faxes, note->text, start, end, source) < 0)) {
            PyMem_Free(starts.items);
            return -1;
        }
    }
    PyMem_Free(starts.items);
    return 1;
}

/*
 * Store in faxes->hints the starts of the matches of `pattern` (patterns._FAX_HINT) in
 * `scan`. Return 1, 0 to decline the note and -1 on error.
 */
static int
fax_hints(PyObject *scan, const Note *note, PyObject *pattern, FaxHints *faxes)
{
    Starts *hints = &faxes->hints;
    int read = pattern_starts(scan, pattern, note->n, hints);
    if (read <= 0 || hints->count == 0) {
        return read;
    }
    PyObject *match = PyObject_GetAttrString(pattern, "match");
    if (match == NULL) {
        return -1;
    }
    /* Keep the starts that match, in place, skipping those inside a match. */
    Py_ssize_t kept = 0;
    Py_ssize_t position = 0;
    for (Py_ssize_t index = 0; index < hints->count; index++) {
        Py_ssize_t at = hints->items[index];
        if (at < position) {
            continue;
        }
        Py_ssize_t end;
        int matched = call_match(match, note->text, at, &end);
        if (matched < 0) {
            Py_DECREF(match);
            return -1;
        }
        if (matched) {
            position = next_position(at, end);
            hints->items[kept++] = at;
        }
    }
    Py_DECREF(match);
    hints->count = kept;
    return 1;
}

/*
 * find_phones(scan, patterns, kind_of, international, labels, fillers, follows_list,
 *             follows_label, span_type, phone, source) -> list | None
 *
 * patterns._python_find_phones for an ASCII note. `patterns` is the tuple of
 * patterns._PHONE_PAREN, _PHONE_PLAIN, _PHONE_ODD, _BARE_PHONE and _FAX_HINT. kind_of is
 * patterns._phone_kind, and international(scan) returns the international numbers. For a
 * bare number, follows_list(text, start) decides after a sign that may end a list, and
 * follows_label(text, start) where a joiner stops the reading of words. Return None for a note that is not ASCII, a pattern the scan did not
 * cover or a start outside the note.
 */
static PyObject *
find_phones(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 11) {
        PyErr_Format(PyExc_TypeError, "find_phones() takes 11 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *scan = args[0];
    PyObject *international = args[3];
    PyObject *span_type = args[8];
    PyObject *source = args[10];
    if (!PyTuple_Check(args[1]) || PyTuple_GET_SIZE(args[1]) != 5) {
        PyErr_SetString(PyExc_TypeError, "find_phones() expects a tuple of 5 patterns");
        return NULL;
    }
    PyObject *paren = PyTuple_GET_ITEM(args[1], 0);
    PyObject *plain = PyTuple_GET_ITEM(args[1], 1);
    PyObject *odd = PyTuple_GET_ITEM(args[1], 2);
    PyObject *bare = PyTuple_GET_ITEM(args[1], 3);
    PyObject *fax = PyTuple_GET_ITEM(args[1], 4);
    Note note;
    int done = read_note(scan, &note);
    if (done <= 0) {
        if (done < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    FaxHints faxes = {{NULL, 0}, args[2], args[9]};
    PyObject *spans = PyList_New(0);
    PyObject *others = NULL;
    if (spans == NULL) {
        done = -1;
        goto finish;
    }
    done = fax_hints(scan, &note, fax, &faxes);
    if (done > 0) {
        done = shaped_phones(scan, &note, paren, 1, &faxes, span_type, spans, source);
    }
    if (done > 0) {
        done = shaped_phones(scan, &note, plain, 0, &faxes, span_type, spans, source);
    }
    if (done > 0) {
        done = shaped_phones(scan, &note, odd, 0, &faxes, span_type, spans, source);
    }
    if (done > 0) {
        others = PyObject_CallOneArg(international, scan);
        if (others == NULL) {
            done = -1;
        }
        else {
            Py_ssize_t length = PyList_GET_SIZE(spans);
            if (PyList_SetSlice(spans, length, length, others) < 0) {
                done = -1;
            }
            Py_DECREF(others);
        }
    }
    if (done > 0) {
        done = bare_phones(scan, &note, bare, &faxes, args + 4, span_type, spans, source);
    }
finish:
    PyMem_Free(faxes.hints.items);
    Py_DECREF(note.text);
    if (done <= 0) {
        Py_XDECREF(spans);
        if (done < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    return spans;
}

/* A character of [\w.%+-], the local part of an e-mail address, in ASCII text. */
static inline int
in_local_part(Py_UCS1 c)
{
    return is_word(c) || c == '.' || c == '%' || c == '+' || c == '-';
}

/* The maximum length of a local part in patterns._EMAIL, from RFC 5321. */
#define MAX_LOCAL_PART 64
/* How far an e-mail match may start before its anchor: the local part and three blanks. */
#define EMAIL_REACH 67

/*
 * local_part_matches(match, text, anchors, spaced) -> list | None
 *
 * patterns._python_match_local_parts for an ASCII text. Anchors are the sorted positions of
 * "@" or a spelled "at". From each, it walks back over the characters an address may
 * contain, blanks too where `spaced` is true. It calls match(text, first) once per run of
 * local-part characters, at most 64 characters before the run's end. Return the matches, or None for a
 * text that is not ASCII or an anchor outside it.
 */
static PyObject *
local_part_matches(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "local_part_matches() takes 4 arguments (%zd given)",
                     nargs);
        return NULL;
    }
    PyObject *match = args[0];
    PyObject *text = args[1];
    int spaced = PyObject_IsTrue(args[3]);
    if (spaced < 0) {
        return NULL;
    }
    Py_ssize_t n;
    const Py_UCS1 *s = ascii_text(text, &n);
    if (s == NULL) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    Starts anchors;
    int read = read_starts(args[2], n, &anchors);
    if (read <= 0) {
        if (read < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    PyObject *found = PyList_New(0);
    Py_ssize_t position = 0;
    for (Py_ssize_t index = 0; found != NULL && index < anchors.count; index++) {
        Py_ssize_t anchor = anchors.items[index];
        if (anchor < position) {
            continue;
        }
        Py_ssize_t start = anchor;
        Py_ssize_t limit = anchor - EMAIL_REACH > position ? anchor - EMAIL_REACH : position;
        while (start > limit) {
            Py_UCS1 c = s[start - 1];
            if (!(is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' ||
                  (spaced && is_blank(c)))) {
                break;
            }
            start--;
        }
        Py_ssize_t candidate = start;
        while (candidate <= anchor) {
            if (!in_local_part(s[candidate])) {
                /* A blank, where no local part starts. */
                candidate++;
                continue;
            }
            Py_ssize_t end = candidate;
            while (end < n && in_local_part(s[end])) {
                end++;
            }
            Py_ssize_t first = end - MAX_LOCAL_PART > candidate ? end - MAX_LOCAL_PART : candidate;
            if (first > anchor) {
                break;
            }
            PyObject *first_object = PyLong_FromSsize_t(first);
            if (first_object == NULL) {
                Py_CLEAR(found);
                break;
            }
            PyObject *call_args[2] = {text, first_object};
            PyObject *result = PyObject_Vectorcall(match, call_args, 2, NULL);
            Py_DECREF(first_object);
            if (result == NULL) {
                Py_CLEAR(found);
                break;
            }
            if (result != Py_None) {
                PyObject *end_object = PyObject_CallMethodNoArgs(result, end_name);
                Py_ssize_t match_end = end_object == NULL ? -1 : PyLong_AsSsize_t(end_object);
                Py_XDECREF(end_object);
                if ((match_end == -1 && PyErr_Occurred()) || PyList_Append(found, result) < 0) {
                    Py_DECREF(result);
                    Py_CLEAR(found);
                    break;
                }
                Py_DECREF(result);
                position = match_end > first + 1 ? match_end : first + 1;
                break;
            }
            Py_DECREF(result);
            candidate = end;
        }
    }
    PyMem_Free(anchors.items);
    return found;
}

/* Whether "ss", "soc" or "sec" in any case lies in s[low:end], as patterns._SSN_LABEL_HINT. */
static int
ssn_hint_in(const Py_UCS1 *s, Py_ssize_t low, Py_ssize_t end)
{
    for (Py_ssize_t i = low; i + 1 < end; i++) {
        if (lower(s[i]) != 's') {
            continue;
        }
        Py_UCS1 second = lower(s[i + 1]);
        if (second == 's') {
            return 1;
        }
        if (i + 2 < end && (second == 'o' || second == 'e')) {
            Py_UCS1 third = lower(s[i + 2]);
            if ((second == 'o' && third == 'c') || (second == 'e' && third == 'c')) {
                return 1;
            }
        }
    }
    return 0;
}

/*
 * ssn_numbers(scan, pattern, labels, fillers, labeled, span_type, kind, source) -> list | None
 *
 * The loop of patterns._find_ssns over patterns._SSN_DIGITS for an ASCII note: the spans of
 * four or nine digits after an SSN label. labeled(text, start) decides where this function
 * does not: after a letter, a digit or one of "-.", and where a joiner stops the reading of
 * words. Return None for a note that is not ASCII, a pattern the scan did not cover or a
 * start outside the note.
 */
static PyObject *
ssn_numbers(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 8) {
        PyErr_Format(PyExc_TypeError, "ssn_numbers() takes 8 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *labels = args[2];
    PyObject *fillers = args[3];
    PyObject *labeled = args[4];
    PyObject *span_type = args[5];
    PyObject *kind = args[6];
    PyObject *source = args[7];
    Note note;
    int read = read_note(args[0], &note);
    if (read <= 0) {
        if (read < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    const Py_UCS1 *s = note.s;
    Starts starts;
    read = pattern_starts(args[0], args[1], note.n, &starts);
    if (read <= 0) {
        Py_DECREF(note.text);
        if (read < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    PyObject *match = PyObject_GetAttrString(args[1], "match");
    PyObject *spans = match == NULL ? NULL : PyList_New(0);
    Py_ssize_t position = 0;
    for (Py_ssize_t index = 0; spans != NULL && index < starts.count; index++) {
        Py_ssize_t start = starts.items[index];
        if (start < position) {
            continue;
        }
        Py_ssize_t end;
        int keep = call_match(match, note.text, start, &end);
        if (keep <= 0) {
            if (keep < 0) {
                Py_CLEAR(spans);
            }
            continue;
        }
        position = next_position(start, end);
        /* Nine digits in any grouping ("123 456 789"), or the last four. */
        Py_ssize_t digits = 0;
        for (Py_ssize_t i = start; i < end; i++) {
            digits += is_digit(s[i]);
        }
        if (digits != 4 && digits != 9) {
            continue;
        }
        Py_UCS1 previous = start > 0 ? s[start - 1] : ' ';
        if (is_alnum(previous) || previous == '-' || previous == '.') {
            keep = test_at(labeled, note.text, start);
        }
        else if (!ssn_hint_in(s, start > LABEL_WINDOW ? start - LABEL_WINDOW : 0, start)) {
            keep = 0;
        }
        else {
            keep = ascii_label_before(s, start, labels, fillers, MAX_SSN_LABEL_WORDS);
            if (keep == 2) {
                keep = test_at(labeled, note.text, start);
            }
        }
        if (keep < 0 || (keep && append_span(spans, span_type, start, end, kind, source) < 0)) {
            Py_CLEAR(spans);
        }
    }
    Py_XDECREF(match);
    PyMem_Free(starts.items);
    Py_DECREF(note.text);
    return spans;
}

/* The end of the run of letters from s[position]. */
static Py_ssize_t
letters_end(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position)
{
    while (position < n && is_letter(s[position])) {
        position++;
    }
    return position;
}

/*
 * Whether identifiers._SHORT_LABELED_ID may match at s[position]: 1, 0, or -1 on error. It
 * starts with (?<![A-Za-z])(?i:(LABEL))\b, and every label is all letters, so the label is
 * the whole run of letters there and no digit or "_" follows it. Number words, blanks,
 * ":" or "#", a line break and a value come next, so the first character after the label
 * outside " \t:#\r\n" is a letter, a digit or one of "_.@$-". `labels` contains every label
 * in lower case.
 */
static int
short_label_at(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position, PyObject *labels)
{
    if (position > 0 && is_letter(s[position - 1])) {
        return 0;
    }
    Py_ssize_t end = letters_end(s, n, position);
    if (end == position || (end < n && (is_digit(s[end]) || s[end] == '_'))) {
        return 0;
    }
    Py_ssize_t next = end;
    while (next < n && (is_blank(s[next]) || s[next] == ':' || s[next] == '#' ||
                        s[next] == '\r' || s[next] == '\n')) {
        next++;
    }
    if (next >= n || !(is_word(s[next]) || s[next] == '.' || s[next] == '@' || s[next] == '$' ||
                       s[next] == '-')) {
        return 0;
    }
    return contains_word(labels, s, position, end);
}

/* Store the bounds of group `group` of a match in *start and *end; return -1 on error. */
static int
group_bounds(PyObject *match, int group, Py_ssize_t *start, Py_ssize_t *end)
{
    PyObject *number = PyLong_FromLong(group);
    if (number == NULL) {
        return -1;
    }
    PyObject *pair = PyObject_CallMethodOneArg(match, span_name, number);
    Py_DECREF(number);
    if (pair == NULL) {
        return -1;
    }
    int result = 0;
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, "Match.span() did not return a pair");
        result = -1;
    }
    else {
        *start = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 0));
        *end = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 1));
        if (PyErr_Occurred()) {
            result = -1;
        }
    }
    Py_DECREF(pair);
    return result;
}

/*
 * Whether identifiers._is_coded_id takes the value s[start:end] with `digits` digits: a
 * code of letters and digits, or digit groups, or after "plate" or "tag" a plate.
 */
static int
coded_id(const Py_UCS1 *s, Py_ssize_t start, Py_ssize_t end, Py_ssize_t digits, int plate)
{
    Py_ssize_t joined = 0;
    Py_ssize_t letters = 0;
    int grouped = 0;
    int alnum = 1;
    for (Py_ssize_t i = start; i < end; i++) {
        if (s[i] == ' ' || s[i] == '-') {
            grouped = 1;
            continue;
        }
        joined++;
        letters += is_letter(s[i]);
        alnum = alnum && is_alnum(s[i]);
    }
    if (grouped && digits < MIN_GROUPED_ID_DIGITS &&
        !(plate && letters >= MIN_PLATE_LETTERS && digits >= MIN_PLATE_DIGITS)) {
        return 0;
    }
    return digits >= 2 && joined > 0 && alnum;
}

/*
 * Decide one match of identifiers._SHORT_LABELED_ID as identifiers._short_labeled_span
 * does, for ASCII text. Store in *kind a new reference to the id's kind, or NULL for no
 * id. Return 1 when decided, 0 when Python must decide (a social-media label, a joiner
 * before "id", a label without a kind) and -1 on error.
 */
static int
short_id_kind(const Note *note, PyObject *match, Py_ssize_t start, Py_ssize_t end,
              PyObject *const *words, PyObject **kind, Py_ssize_t *value_start,
              Py_ssize_t *value_end)
{
    PyObject *kinds = words[0];
    PyObject *social = words[1];
    PyObject *owners = words[2];
    const Py_UCS1 *s = note->s;
    Py_ssize_t n = note->n;
    *kind = NULL;
    if (start > 0 && is_alnum(s[start - 1])) {
        return 1;
    }
    if (end < n && (s[end] == ' ' || s[end] == '\t' || s[end] == '%') &&
        word_after(s, n, end, unit_words)) {
        return 1;
    }
    Py_ssize_t label_start, label_end;
    if (group_bounds(match, 1, &label_start, &label_end) < 0 ||
        group_bounds(match, 2, value_start, value_end) < 0) {
        return -1;
    }
    if (label_start < 0 || label_end > n || *value_start < 0 || *value_end > n ||
        label_start > label_end || *value_start > *value_end) {
        return 0;
    }
    PyObject *label = lower_word(s, label_start, label_end);
    if (label == NULL) {
        return -1;
    }
    if (label_end - label_start == 2 && lower(s[label_start]) == 'i' &&
        lower(s[label_start + 1]) == 'd') {
        /* "Patient ID", "Insurance ID": the word before names whose id it is. */
        Py_ssize_t low = start > LABEL_WINDOW ? start - LABEL_WINDOW : 0;
        Py_ssize_t word_end = start;
        while (word_end > low && !is_alnum(s[word_end - 1])) {
            word_end--;
        }
        Py_ssize_t word_start = word_end;
        while (word_start > low && is_alnum(s[word_start - 1])) {
            word_start--;
        }
        if (word_start > low && (s[word_start - 1] == '\'' || s[word_start - 1] == '/')) {
            Py_DECREF(label);
            return 0;
        }
        if (word_start < word_end) {
            PyObject *owner = lower_word(s, word_start, word_end);
            int found = owner == NULL ? -1 : PySequence_Contains(owners, owner);
            if (found > 0) {
                Py_SETREF(label, owner);
                owner = NULL;
            }
            Py_XDECREF(owner);
            if (found < 0) {
                Py_DECREF(label);
                return -1;
            }
        }
    }
    int social_label = PySequence_Contains(social, label);
    PyObject *found_kind = social_label != 0 ? NULL : PyDict_GetItemWithError(kinds, label);
    int plate = PyUnicode_CompareWithASCIIString(label, "plate") == 0 ||
                PyUnicode_CompareWithASCIIString(label, "tag") == 0;
    Py_DECREF(label);
    if (social_label < 0 || (found_kind == NULL && PyErr_Occurred())) {
        return -1;
    }
    if (social_label || found_kind == NULL) {
        return 0;
    }
    Py_ssize_t digits = 0;
    for (Py_ssize_t i = *value_start; i < *value_end; i++) {
        digits += is_digit(s[i]);
    }
    Py_ssize_t length = *value_end - *value_start;
    if (length > 0 && digits == length) {
        int short_id = digits >= MIN_SHORT_ID_DIGITS && digits <= MAX_SHORT_ID_DIGITS;
        if (!short_id && digits < MIN_ID_CHARACTERS) {
            return 1;
        }
        /* "chart 2023 reviewed", "family member 2019": a year, not an id. */
        Py_UCS1 first = s[*value_start];
        Py_UCS1 second = length > 1 ? s[*value_start + 1] : 0;
        if (digits == MAX_SHORT_ID_DIGITS &&
            ((first == '1' && second == '9') || (first == '2' && second == '0'))) {
            return 1;
        }
    }
    else if (!coded_id(s, *value_start, *value_end, digits, plate)) {
        return 1;
    }
    Py_INCREF(found_kind);
    *kind = found_kind;
    return 1;
}

/*
 * short_ids(scan, pattern, kinds, social, owners, decide, span_type, source) -> list | None
 *
 * identifiers._python_short_labeled_ids for an ASCII note: the ids after the labels of
 * identifiers._SHORT_LABELED_ID (`pattern`). `kinds` maps each label and each owner word
 * before "id", in lower case, to its kind, `social` contains the social-media labels, and decide(text,
 * match), identifiers._short_labeled_span, returns the span or None for the matches left to
 * Python. Return None for a note that is not ASCII, a pattern the scan did not cover or a
 * start outside the note.
 */
static PyObject *
short_ids(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 8) {
        PyErr_Format(PyExc_TypeError, "short_ids() takes 8 arguments (%zd given)", nargs);
        return NULL;
    }
    if (!PyDict_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "short_ids() expects a dict of kinds");
        return NULL;
    }
    PyObject *decide = args[5];
    PyObject *span_type = args[6];
    PyObject *source = args[7];
    Note note;
    int read = read_note(args[0], &note);
    if (read <= 0) {
        if (read < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    Starts starts;
    read = pattern_starts(args[0], args[1], note.n, &starts);
    if (read <= 0) {
        Py_DECREF(note.text);
        if (read < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    PyObject *match_method = PyObject_GetAttrString(args[1], "match");
    PyObject *spans = match_method == NULL ? NULL : PyList_New(0);
    Py_ssize_t position = 0;
    for (Py_ssize_t index = 0; spans != NULL && index < starts.count; index++) {
        Py_ssize_t start = starts.items[index];
        if (start < position) {
            continue;
        }
        /* Most starts begin no label, and re would take longer to find that out. */
        int may = short_label_at(note.s, note.n, start, args[2]);
        if (may <= 0) {
            if (may < 0) {
                Py_CLEAR(spans);
            }
            continue;
        }
        PyObject *start_object = PyLong_FromSsize_t(start);
        if (start_object == NULL) {
            Py_CLEAR(spans);
            break;
        }
        PyObject *call_args[2] = {note.text, start_object};
        PyObject *match = PyObject_Vectorcall(match_method, call_args, 2, NULL);
        Py_DECREF(start_object);
        if (match == Py_None) {
            Py_DECREF(match);
            continue;
        }
        PyObject *end_object = match == NULL ? NULL : PyObject_CallMethodNoArgs(match, end_name);
        Py_ssize_t end = end_object == NULL ? -1 : PyLong_AsSsize_t(end_object);
        Py_XDECREF(end_object);
        PyObject *kind = NULL;
        Py_ssize_t value_start = 0, value_end = 0;
        int decided = -1;
        if (!PyErr_Occurred()) {
            position = next_position(start, end);
            decided = short_id_kind(&note, match, start, end, args + 2, &kind, &value_start,
                                    &value_end);
        }
        int failed = decided < 0;
        if (decided == 0) {
            PyObject *decide_args[2] = {note.text, match};
            PyObject *span = PyObject_Vectorcall(decide, decide_args, 2, NULL);
            failed = span == NULL || (span != Py_None && PyList_Append(spans, span) < 0);
            Py_XDECREF(span);
        }
        else if (decided > 0 && kind != NULL) {
            failed = append_span(spans, span_type, value_start, value_end, kind, source) < 0;
            Py_DECREF(kind);
        }
        Py_XDECREF(match);
        if (failed) {
            Py_CLEAR(spans);
        }
    }
    Py_XDECREF(match_method);
    PyMem_Free(starts.items);
    Py_DECREF(note.text);
    return spans;
}

/*
 * Whether identifiers._NUMBERED_LABEL_ID may match at s[position]: 1, 0, or -1 on error. It
 * starts with (?<![A-Za-z])(?i:(LABEL))[ \t]*(?i:number|num|no\.|nbr|\#) and has no \b
 * after the label. So some label begins the run of letters there, followed by "n" or "N"
 * inside the run, or after the run by blanks and then "n", "N" or "#".
 */
static int
numbered_label_at(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t position, PyObject *labels)
{
    if (position > 0 && is_letter(s[position - 1])) {
        return 0;
    }
    Py_ssize_t end = letters_end(s, n, position);
    for (Py_ssize_t label_end = position + 1; label_end <= end; label_end++) {
        int followed;
        if (label_end < end) {
            followed = s[label_end] == 'n' || s[label_end] == 'N';
        }
        else {
            Py_ssize_t next = skip_blanks(s, n, end);
            followed = next < n && (s[next] == 'n' || s[next] == 'N' || s[next] == '#');
        }
        if (followed) {
            int found = contains_word(labels, s, position, label_end);
            if (found != 0) {
                return found;
            }
        }
    }
    return 0;
}

/*
 * numbered_matches(scan, pattern, labels) -> list | None
 *
 * Return what scan.finditer(pattern) returns for identifiers._NUMBERED_LABEL_ID, for an
 * ASCII note. The pattern runs only at the candidate starts where a label of `labels` (all
 * in lower case) is followed as it requires, because it matches at no other. Return None
 * for a note that is not ASCII, a pattern the scan did not cover or a start outside the note.
 */
static PyObject *
numbered_matches(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "numbered_matches() takes 3 arguments (%zd given)",
                     nargs);
        return NULL;
    }
    PyObject *labels = args[2];
    Note note;
    int read = read_note(args[0], &note);
    if (read <= 0) {
        if (read < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    Starts starts;
    read = pattern_starts(args[0], args[1], note.n, &starts);
    if (read <= 0) {
        Py_DECREF(note.text);
        if (read < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    PyObject *match_method = PyObject_GetAttrString(args[1], "match");
    PyObject *found = match_method == NULL ? NULL : PyList_New(0);
    Py_ssize_t position = 0;
    for (Py_ssize_t index = 0; found != NULL && index < starts.count; index++) {
        Py_ssize_t start = starts.items[index];
        if (start < position) {
            continue;
        }
        int may = numbered_label_at(note.s, note.n, start, labels);
        if (may <= 0) {
            if (may < 0) {
                Py_CLEAR(found);
            }
            continue;
        }
        PyObject *start_object = PyLong_FromSsize_t(start);
        if (start_object == NULL) {
            Py_CLEAR(found);
            break;
        }
        PyObject *call_args[2] = {note.text, start_object};
        PyObject *match = PyObject_Vectorcall(match_method, call_args, 2, NULL);
        Py_DECREF(start_object);
        if (match == Py_None) {
            Py_DECREF(match);
            continue;
        }
        PyObject *end_object = match == NULL ? NULL : PyObject_CallMethodNoArgs(match, end_name);
        Py_ssize_t end = end_object == NULL ? -1 : PyLong_AsSsize_t(end_object);
        Py_XDECREF(end_object);
        if (PyErr_Occurred() || PyList_Append(found, match) < 0) {
            Py_XDECREF(match);
            Py_CLEAR(found);
            break;
        }
        Py_DECREF(match);
        position = next_position(start, end);
    }
    Py_XDECREF(match_method);
    PyMem_Free(starts.items);
    Py_DECREF(note.text);
    return found;
}

/*
 * match_at(shape, text, position) -> int
 *
 * Return the end of the match of one pattern matched by hand here, at `position` of an ASCII
 * text, or -1 where it does not match, for the tests that compare each with its pattern.
 * `shape` names the pattern: "id_digits", "phone_paren" or "bare_phone".
 */
static PyObject *
match_at(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "match_at() takes 3 arguments (%zd given)", nargs);
        return NULL;
    }
    if (!PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "match_at() expects a str shape");
        return NULL;
    }
    const char *shape = PyUnicode_AsUTF8(args[0]);
    if (shape == NULL) {
        return NULL;
    }
    Py_ssize_t n;
    const Py_UCS1 *s = ascii_text(args[1], &n);
    if (s == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ValueError, "match_at() expects an ASCII text");
        }
        return NULL;
    }
    Py_ssize_t position = PyLong_AsSsize_t(args[2]);
    if (position == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (position < 0 || position >= n) {
        PyErr_SetString(PyExc_ValueError, "match_at() got a position outside the text");
        return NULL;
    }
    Py_ssize_t end;
    if (strcmp(shape, "id_digits") == 0) {
        end = match_id_digits(s, n, position);
    }
    else if (strcmp(shape, "phone_paren") == 0) {
        end = match_phone_paren(s, n, position);
    }
    else if (strcmp(shape, "bare_phone") == 0) {
        end = match_bare_phone(s, n, position);
    }
    else {
        PyErr_Format(PyExc_ValueError, "match_at() got an unknown shape %R", args[0]);
        return NULL;
    }
    return PyLong_FromSsize_t(end);
}

static PyMethodDef number_methods[] = {
    {"match_at", (PyCFunction)(void (*)(void))match_at, METH_FASTCALL,
     "Return the end of a match of a pattern matched by hand here, or -1."},
    {"token_ids", (PyCFunction)(void (*)(void))token_ids, METH_FASTCALL,
     "Return the tokens that identifiers._token_ids keeps, up to their labels."},
    {"long_numbers", (PyCFunction)(void (*)(void))long_numbers, METH_FASTCALL,
     "Return the spans of identifiers.find_long_numbers for an ASCII note."},
    {"local_part_matches", (PyCFunction)(void (*)(void))local_part_matches, METH_FASTCALL,
     "Return the e-mail matches at the local parts before each anchor."},
    {"ssn_numbers", (PyCFunction)(void (*)(void))ssn_numbers, METH_FASTCALL,
     "Return the SSNs of four or nine digits after a label for an ASCII note."},
    {"short_ids", (PyCFunction)(void (*)(void))short_ids, METH_FASTCALL,
     "Return the ids after labels that only introduce ids for an ASCII note."},
    {"numbered_matches", (PyCFunction)(void (*)(void))numbered_matches, METH_FASTCALL,
     "Return the matches of identifiers._NUMBERED_LABEL_ID, as Scan.finditer finds them."},
    {"find_phones", (PyCFunction)(void (*)(void))find_phones, METH_FASTCALL,
     "Return the phone and fax numbers of patterns._find_phones for an ASCII note."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef number_module = {
    PyModuleDef_HEAD_INIT,
    "phigate.masking._numbers",
    "Loops of the number and id finders, in C.",
    -1,
    number_methods,
};

PyMODINIT_FUNC
PyInit__numbers(void)
{
    end_name = PyUnicode_InternFromString("end");
    text_name = PyUnicode_InternFromString("text");
    starts_name = PyUnicode_InternFromString("_starts");
    positions_name = PyUnicode_InternFromString("_positions");
    span_name = PyUnicode_InternFromString("span");
    if (end_name == NULL || text_name == NULL || starts_name == NULL || positions_name == NULL ||
        span_name == NULL) {
        return NULL;
    }
    return PyModule_Create(&number_module);
}
