/*
 * The per-match loops of the name cues (phigate.masking.cues), in C, for ASCII notes.
 *
 * title_names(...) runs the loop of cues._python_title_names over the title matches of a note.
 * credential_names(...) finds the matches of cues._CREDENTIAL in a note and runs the loop of
 * cues._python_credential_names over them. repeated_names(...) returns what cues._python_find_repeated_names
 * returns. Both read only ASCII text: the callers pass other notes to the Python code, and a
 * call with other text raises ValueError. The regular expressions that the Python loops run
 * inside a 110-character window are read here directly, by the rules spelled out at each
 * reader. Rare steps (word classes, the name-bounds cache misses, the person-verb pattern)
 * call back into the Python functions passed in. The functions hold the GIL throughout and
 * keep no state between calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_ascii.h"

#include <stdlib.h>
#include <string.h>

static PyObject *cue_source;  /* "cue", interned */
static PyObject *start_name;  /* "start", interned */
static PyObject *end_name;    /* "end", interned */
static PyObject *kind_name;   /* "kind", interned */
static PyObject *regs_name;   /* "regs", interned */

/* Whether c is a character that the look-behind (?<![\w.]) rejects, for ASCII. */
static inline int
is_word_or_period(Py_UCS1 c)
{
    return is_alnum(c) || c == '_' || c == '.';
}

/* Return Span(start, end, name_kind, "cue"), a new reference, or NULL with an exception. */
static PyObject *
new_span(PyObject *span_type, PyObject *name_kind, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *start_object = PyLong_FromSsize_t(start);
    if (start_object == NULL) {
        return NULL;
    }
    PyObject *end_object = PyLong_FromSsize_t(end);
    if (end_object == NULL) {
        Py_DECREF(start_object);
        return NULL;
    }
    PyObject *call_args[4] = {start_object, end_object, name_kind, cue_source};
    PyObject *span = PyObject_Vectorcall(span_type, call_args, 4, NULL);
    Py_DECREF(start_object);
    Py_DECREF(end_object);
    return span;
}

/* Append Span(start, end, name_kind, "cue") to the list spans. Return 0, or -1 with an
 * exception. */
static int
append_span(PyObject *spans, PyObject *span_type, PyObject *name_kind, Py_ssize_t start,
            Py_ssize_t end)
{
    PyObject *span = new_span(span_type, name_kind, start, end);
    if (span == NULL) {
        return -1;
    }
    int appended = PyList_Append(spans, span);
    Py_DECREF(span);
    return appended;
}

/* Read an int attribute of object into *value. Return 0, or -1 with an exception. */
static int
read_index(PyObject *object, PyObject *name, Py_ssize_t *value)
{
    PyObject *attribute = PyObject_GetAttr(object, name);
    if (attribute == NULL) {
        return -1;
    }
    *value = PyLong_AsSsize_t(attribute);
    Py_DECREF(attribute);
    if (*value == -1 && PyErr_Occurred()) {
        return -1;
    }
    return 0;
}

/* Return the ASCII data of text, or NULL with ValueError or TypeError set. */
static const Py_UCS1 *
ascii_data(PyObject *text, Py_ssize_t *length)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "text must be str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    if (!PyUnicode_IS_ASCII(text)) {
        PyErr_SetString(PyExc_ValueError, "text must be ASCII; pass other text to the Python loop");
        return NULL;
    }
    *length = PyUnicode_GET_LENGTH(text);
    return PyUnicode_1BYTE_DATA(text);
}

/* ---- credential_names ------------------------------------------------------------------ */

/*
 * Whether s[start:end] is one word of cues._NAME_WORD as a whole: an initial ("J.") or a
 * capital, up to 30 more letters, then up to three runs of 1 to 30 letters, each after an
 * apostrophe or a hyphen. The pattern's bounded repeats and its closing look-ahead
 * (?![A-Za-z'’-]) leave no other way to match a run of characters that a blank, a comma or
 * the end of the window follows.
 */
static int
is_name_word(const Py_UCS1 *s, Py_ssize_t start, Py_ssize_t end)
{
    if (start >= end || !is_upper(s[start])) {
        return 0;
    }
    if (end - start == 2 && s[start + 1] == '.') {
        return 1;
    }
    Py_ssize_t position = start + 1;
    Py_ssize_t run = 0;
    while (position < end && is_letter(s[position])) {
        position++;
        if (++run > 30) {
            return 0;
        }
    }
    int parts = 0;
    while (position < end) {
        if (s[position] != '\'' && s[position] != '-') {
            return 0;
        }
        if (++parts > 3) {
            return 0;
        }
        position++;
        run = 0;
        while (position < end && is_letter(s[position])) {
            position++;
            if (++run > 30) {
                return 0;
            }
        }
        if (run == 0) {
            return 0;
        }
    }
    return 1;
}

#define MAX_NAME_WORDS 3

/*
 * Return where cues._NAME_BEFORE_CREDENTIAL.search(text, window_start, credential_start)
 * starts its group, or -1 if it finds nothing. name_end is what cues._name_end_before
 * returned, greater than window_start: the only place where the group can end, because the
 * rest of the pattern matches only the comma, blanks and bracket after it.
 *
 * The group is one to three words separated by blanks and ending at name_end. The later words
 * are whole blank-separated chunks. The first word may start inside a chunk, after a character
 * that is neither a word character nor a period, and the look-behind that checks this may read
 * before the window. The search returns the leftmost start, so chunks are tried from the left.
 */
static Py_ssize_t
name_before_credential(const Py_UCS1 *s, Py_ssize_t window_start, Py_ssize_t name_end)
{
    Py_ssize_t chunk_starts[MAX_NAME_WORDS];
    Py_ssize_t chunk_ends[MAX_NAME_WORDS];
    int count = 0;
    Py_ssize_t position = name_end;
    while (count < MAX_NAME_WORDS) {
        Py_ssize_t chunk_end = position;
        while (position > window_start && !is_blank(s[position - 1])) {
            position--;
        }
        if (position == chunk_end) {
            break;
        }
        chunk_starts[count] = position;
        chunk_ends[count] = chunk_end;
        count++;
        while (position > window_start && is_blank(s[position - 1])) {
            position--;
        }
        if (position == window_start) {
            break;
        }
    }
    /* Chunk 0 is the last one. A match whose first word is in chunk j needs chunks
     * j - 1 .. 0 to be whole words. */
    int later_words = 1;
    int first_chunk_allowed[MAX_NAME_WORDS];
    for (int index = 0; index < count; index++) {
        first_chunk_allowed[index] = later_words;
        later_words = later_words && is_name_word(s, chunk_starts[index], chunk_ends[index]);
    }
    for (int index = count - 1; index >= 0; index--) {
        if (!first_chunk_allowed[index]) {
            continue;
        }
        for (Py_ssize_t start = chunk_starts[index]; start < chunk_ends[index]; start++) {
            if (!is_upper(s[start]) || (start > 0 && is_word_or_period(s[start - 1]))) {
                continue;
            }
            if (is_name_word(s, start, chunk_ends[index])) {
                return start;
            }
        }
    }
    return -1;
}

/*
 * Return where cues._INITIALS_BEFORE_CREDENTIAL.search(text, window_start, credential_start)
 * starts its group, or -1. As for the name, the two or three capitals can only end at
 * name_end, and three capitals there leave no start for two, which the look-behind rejects.
 */
static Py_ssize_t
initials_before_credential(const Py_UCS1 *s, Py_ssize_t window_start, Py_ssize_t name_end)
{
    if (name_end - 2 < window_start || !is_upper(s[name_end - 2]) || !is_upper(s[name_end - 1])) {
        return -1;
    }
    Py_ssize_t start = name_end - 2;
    if (start - 1 >= window_start && is_upper(s[start - 1])) {
        start--;
    }
    if (start > 0 && is_word_or_period(s[start - 1])) {
        return -1;
    }
    return start;
}

/*
 * Return where cues._INITIAL_BEFORE_BREAK.search(text, reach, name_start) starts, or -1: an
 * initial with its period, blanks, one line break and blanks up to name_start. Only one start
 * can be followed by that, so reading back from name_start finds it.
 */
static Py_ssize_t
initial_before_break(const Py_UCS1 *s, Py_ssize_t reach, Py_ssize_t name_start)
{
    Py_ssize_t position = name_start;
    while (position > reach && is_blank(s[position - 1])) {
        position--;
    }
    if (position <= reach || s[position - 1] != '\n') {
        return -1;
    }
    position--;
    while (position > reach && is_blank(s[position - 1])) {
        position--;
    }
    Py_ssize_t start = position - 2;
    if (start < reach || s[start + 1] != '.' || !is_upper(s[start])) {
        return -1;
    }
    if (start > 0 && is_word_or_period(s[start - 1])) {
        return -1;
    }
    return start;
}

/* Return cues._name_end_before(text, window_start, start). */
static Py_ssize_t
name_end_before(const Py_UCS1 *s, Py_ssize_t window_start, Py_ssize_t start)
{
    Py_ssize_t end = (start >= 1 && s[start - 1] == '(') ? start - 1 : start;
    Py_ssize_t words_end = window_start;
    if (end > window_start) {
        words_end = end;
        while (words_end > window_start && is_blank(s[words_end - 1])) {
            words_end--;
        }
    }
    if (words_end == end) {
        return -1;
    }
    if (words_end > window_start && s[words_end - 1] == ',') {
        words_end--;
    }
    return words_end;
}

/*
 * The line of a position that only grows: where the line starts and where the last lower-case
 * letter before the position is. Advancing it reads each character once, so a long line with
 * many credentials ("RN RN RN ...") costs linear time, as cues._LineReader does in Python.
 */
typedef struct {
    Py_ssize_t read_to;
    Py_ssize_t line_start;
    Py_ssize_t last_lower; /* -1 when none was read */
} LineState;

/* Whether the line of text up to start has no lower-case letter, as
 * cues._LOWER_CASE.search(text, line_start, start) is None checks. start never decreases
 * from one call to the next. */
static int
line_in_capitals(LineState *line, const Py_UCS1 *s, Py_ssize_t start)
{
    for (; line->read_to < start; line->read_to++) {
        Py_UCS1 c = s[line->read_to];
        if (c == '\n') {
            line->line_start = line->read_to + 1;
        }
        else if (is_lower(c)) {
            line->last_lower = line->read_to;
        }
    }
    return line->last_lower < line->line_start;
}

/* The Python objects credential_names reads, all borrowed from its arguments. */
typedef struct {
    PyObject *text;
    PyObject *spans;
    PyObject *are_initials;
    PyObject *cached_bounds;
    PyObject *bounds_cache;
    PyObject *ambiguous;
    PyObject *span_type;
    PyObject *name_kind;
    LineState line;
} CredentialContext;

/* Return the Python bool of condition, a new reference. */
static PyObject *
new_bool(int condition)
{
    return Py_NewRef(condition ? Py_True : Py_False);
}

/*
 * Return the bounds that cues._cached_name_bounds returns for the name captured at
 * text[start:end], before a credential with from_end or after a title: a new reference to None or a (start, end) tuple
 * relative to the capture, or NULL with an exception. The cache is read here first.
 */
static PyObject *
credential_name_bounds(const CredentialContext *context, Py_ssize_t start, Py_ssize_t end,
                       int from_end, int capitals, int proper_first)
{
    PyObject *key = PyTuple_New(5);
    if (key == NULL) {
        return NULL;
    }
    PyObject *captured = PyUnicode_Substring(context->text, start, end);
    if (captured == NULL) {
        Py_DECREF(key);
        return NULL;
    }
    PyTuple_SET_ITEM(key, 0, captured);
    PyTuple_SET_ITEM(key, 1, new_bool(from_end));
    PyObject *min_words = PyLong_FromLong(1);
    if (min_words == NULL) {
        Py_DECREF(key);
        return NULL;
    }
    PyTuple_SET_ITEM(key, 2, min_words);
    PyTuple_SET_ITEM(key, 3, new_bool(capitals));
    PyTuple_SET_ITEM(key, 4, new_bool(proper_first));
    PyObject *found = PyDict_GetItemWithError(context->bounds_cache, key);
    if (found != NULL) {
        Py_INCREF(found);
    }
    else if (!PyErr_Occurred()) {
        found = PyObject_CallOneArg(context->cached_bounds, key);
    }
    Py_DECREF(key);
    return found;
}

/* Read the name bounds result found into *name_start and *name_end, offset by start.
 * Return 1 for bounds, 0 for None, -1 with an exception. */
static int
read_bounds(PyObject *found, Py_ssize_t start, Py_ssize_t *name_start, Py_ssize_t *name_end)
{
    if (found == Py_None) {
        return 0;
    }
    if (!PyTuple_Check(found) || PyTuple_GET_SIZE(found) != 2) {
        PyErr_SetString(PyExc_TypeError, "name bounds must be None or a 2-tuple");
        return -1;
    }
    Py_ssize_t first = PyLong_AsSsize_t(PyTuple_GET_ITEM(found, 0));
    if (first == -1 && PyErr_Occurred()) {
        return -1;
    }
    Py_ssize_t last = PyLong_AsSsize_t(PyTuple_GET_ITEM(found, 1));
    if (last == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (first < 0 || last < first || last > PY_SSIZE_T_MAX - start) {
        PyErr_Format(PyExc_ValueError, "invalid name bounds %zd..%zd", first, last);
        return -1;
    }
    *name_start = start + first;
    *name_end = start + last;
    return 1;
}

#define CREDENTIAL_WINDOW 110

/* Read one credential match. Return 0, or -1 with an exception. */
static int
read_credential(CredentialContext *context, const Py_UCS1 *s, Py_ssize_t start,
                Py_ssize_t match_end)
{
    if (start == 0 || (s[start - 1] != ' ' && s[start - 1] != '\t' && s[start - 1] != ',' &&
                       s[start - 1] != '(')) {
        return 0;
    }
    Py_ssize_t lowest = start > CREDENTIAL_WINDOW ? start - CREDENTIAL_WINDOW : 0;
    Py_ssize_t window_start = lowest;
    for (Py_ssize_t position = start - 1; position >= lowest; position--) {
        if (s[position] == '\n') {
            window_start = position + 1;
            break;
        }
    }
    Py_ssize_t name_end = name_end_before(s, window_start, start);
    if (name_end <= window_start) {
        return 0;
    }
    Py_ssize_t found = name_before_credential(s, window_start, name_end);
    Py_ssize_t tail = name_end >= 2 ? name_end - 2 : 0;
    int tail_upper = 0;
    int tail_lower = 0;
    for (Py_ssize_t position = tail; position < name_end; position++) {
        tail_upper |= is_upper(s[position]);
        tail_lower |= is_lower(s[position]);
    }
    if (tail_upper && !tail_lower) {
        Py_ssize_t initials = initials_before_credential(s, window_start, name_end);
        if (initials >= 0) {
            PyObject *word = PyUnicode_Substring(context->text, initials, name_end);
            if (word == NULL) {
                return -1;
            }
            PyObject *verdict = PyObject_CallOneArg(context->are_initials, word);
            Py_DECREF(word);
            if (verdict == NULL) {
                return -1;
            }
            int are_initials = PyObject_IsTrue(verdict);
            Py_DECREF(verdict);
            if (are_initials < 0) {
                return -1;
            }
            if (are_initials) {
                return append_span(context->spans, context->span_type, context->name_kind,
                                   initials, name_end);
            }
        }
    }
    if (found < 0) {
        return 0;
    }
    int capitals = line_in_capitals(&context->line, s, start);
    PyObject *credential = PyUnicode_Substring(context->text, start, match_end);
    if (credential == NULL) {
        return -1;
    }
    int ambiguous = PySet_Contains(context->ambiguous, credential);
    Py_DECREF(credential);
    if (ambiguous < 0) {
        return -1;
    }
    PyObject *bounds = credential_name_bounds(context, found, name_end, 1, capitals, !ambiguous);
    if (bounds == NULL) {
        return -1;
    }
    Py_ssize_t name_start;
    Py_ssize_t name_stop;
    int named = read_bounds(bounds, found, &name_start, &name_stop);
    Py_DECREF(bounds);
    if (named <= 0) {
        return named;
    }
    Py_ssize_t reach = name_start > 8 ? name_start - 8 : 0;
    Py_ssize_t broken = initial_before_break(s, reach, name_start);
    if (broken >= 0) {
        name_start = broken;
    }
    return append_span(context->spans, context->span_type, context->name_kind, name_start,
                       name_stop);
}

#define MAX_ALTERNATIVES 256

/* The credentials of cues._CREDENTIAL in the pattern's order, indexed by first character. */
typedef struct {
    const Py_UCS1 *data[MAX_ALTERNATIVES];
    Py_ssize_t length[MAX_ALTERNATIVES];
    int next[MAX_ALTERNATIVES];
    int first[128];
} Alternatives;

/* Fill alternatives from a tuple of non-empty ASCII str. Return 0, or -1 with an exception. */
static int
index_alternatives(PyObject *tuple, Alternatives *alternatives)
{
    if (!PyTuple_Check(tuple) || PyTuple_GET_SIZE(tuple) > MAX_ALTERNATIVES) {
        PyErr_Format(PyExc_ValueError, "credentials must be a tuple of at most %d str",
                     MAX_ALTERNATIVES);
        return -1;
    }
    for (int code = 0; code < 128; code++) {
        alternatives->first[code] = -1;
    }
    /* Filled from the back so that each list of a first character keeps the tuple's order. */
    for (Py_ssize_t index = PyTuple_GET_SIZE(tuple) - 1; index >= 0; index--) {
        PyObject *word = PyTuple_GET_ITEM(tuple, index);
        if (!PyUnicode_Check(word) || !PyUnicode_IS_ASCII(word) ||
            PyUnicode_GET_LENGTH(word) == 0) {
            PyErr_SetString(PyExc_ValueError, "credentials must be non-empty ASCII str");
            return -1;
        }
        const Py_UCS1 *data = PyUnicode_1BYTE_DATA(word);
        alternatives->data[index] = data;
        alternatives->length[index] = PyUnicode_GET_LENGTH(word);
        alternatives->next[index] = alternatives->first[data[0]];
        alternatives->first[data[0]] = (int)index;
    }
    return 0;
}

/*
 * Return the end of the match of cues._CREDENTIAL at position, or -1 if there is none. The
 * match is the first credential of the alternation that s continues with, unless a word
 * character or a hyphen follows it, or blanks and five digits do ("MD 21201", a ZIP code).
 */
static Py_ssize_t
credential_end(const Py_UCS1 *s, Py_ssize_t length, Py_ssize_t position,
               const Alternatives *alternatives)
{
    for (int index = alternatives->first[s[position] & 0x7F]; index >= 0;
         index = alternatives->next[index]) {
        Py_ssize_t size = alternatives->length[index];
        if (size > length - position ||
            memcmp(s + position, alternatives->data[index], (size_t)size) != 0) {
            continue;
        }
        Py_ssize_t end = position + size;
        if (end < length && (is_alnum(s[end]) || s[end] == '_' || s[end] == '-')) {
            continue;
        }
        Py_ssize_t digits = end;
        while (digits < length && is_blank(s[digits])) {
            digits++;
        }
        if (digits > end && length - digits >= 5) {
            int zip = 1;
            for (Py_ssize_t offset = 0; offset < 5; offset++) {
                zip = zip && s[digits + offset] >= '0' && s[digits + offset] <= '9';
            }
            if (zip) {
                continue;
            }
        }
        return end;
    }
    return -1;
}

static PyObject *
credential_names(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9) {
        PyErr_Format(PyExc_TypeError, "credential_names() takes 9 arguments, got %zd", nargs);
        return NULL;
    }
    CredentialContext context = {
        .text = args[0],
        .spans = args[1],
        .are_initials = args[3],
        .cached_bounds = args[4],
        .bounds_cache = args[5],
        .ambiguous = args[6],
        .span_type = args[7],
        .name_kind = args[8],
        .line = {.read_to = 0, .line_start = 0, .last_lower = -1},
    };
    Py_ssize_t length;
    const Py_UCS1 *s = ascii_data(context.text, &length);
    if (s == NULL) {
        return NULL;
    }
    if (!PyList_Check(context.spans) || !PyDict_Check(context.bounds_cache) ||
        !PyAnySet_Check(context.ambiguous)) {
        PyErr_SetString(PyExc_TypeError,
                        "credential_names() expects a list of spans, a dict and a set");
        return NULL;
    }
    Alternatives alternatives;
    if (index_alternatives(args[2], &alternatives) < 0) {
        return NULL;
    }
    /* The matches of pattern.finditer(text): the leftmost, then the next after its end. The
     * tuple of credentials stays alive in args while the callbacks run. */
    Py_ssize_t position = 0;
    while (position < length) {
        Py_ssize_t end = credential_end(s, length, position, &alternatives);
        if (end < 0) {
            position++;
            continue;
        }
        if (read_credential(&context, s, position, end) < 0) {
            return NULL;
        }
        position = end;
    }
    Py_RETURN_NONE;
}


/* Read the start of group 0 and the bounds of group 1 of a match through match.regs. Return
 * 0, or -1 with an exception. */
static int
title_match_bounds(PyObject *match, Py_ssize_t length, Py_ssize_t bounds[3])
{
    PyObject *regs = PyObject_GetAttr(match, regs_name);
    if (regs == NULL) {
        return -1;
    }
    int status = -1;
    if (!PyTuple_Check(regs) || PyTuple_GET_SIZE(regs) < 2) {
        PyErr_SetString(PyExc_TypeError, "a title match must have a group");
        goto done;
    }
    Py_ssize_t values[4];
    for (int index = 0; index < 4; index++) {
        PyObject *pair = PyTuple_GET_ITEM(regs, index / 2);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "match.regs must contain pairs");
            goto done;
        }
        values[index] = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, index % 2));
        if (values[index] == -1 && PyErr_Occurred()) {
            goto done;
        }
    }
    if (values[0] < 0 || values[0] > values[2] || values[2] > values[3] || values[3] > length) {
        PyErr_Format(PyExc_ValueError, "title match bounds %zd..%zd lie outside the text",
                     values[0], values[3]);
        goto done;
    }
    bounds[0] = values[0];
    bounds[1] = values[2];
    bounds[2] = values[3];
    status = 0;

done:
    Py_DECREF(regs);
    return status;
}

/* Whether cues._AFTER_NUMBER.search(text, max(start - 12, 0), start) finds a digit and blanks
 * right before start. */
static int
after_number(const Py_UCS1 *s, Py_ssize_t start)
{
    Py_ssize_t low = start > 12 ? start - 12 : 0;
    Py_ssize_t position = start;
    while (position > low && is_blank(s[position - 1])) {
        position--;
    }
    return position > low && s[position - 1] >= '0' && s[position - 1] <= '9';
}

/* Read one title match as the loop of cues._python_title_names does. Return 0, or -1. */
static int
read_title(const CredentialContext *context, PyObject *titles, PyObject *begins_with_name,
           const Py_UCS1 *s, const Py_ssize_t bounds[3])
{
    Py_ssize_t start = bounds[0];
    Py_ssize_t name_start = bounds[1];
    if (start > 0 && is_alnum(s[start - 1])) {
        return 0;
    }
    Py_ssize_t title_start = start;
    Py_ssize_t title_end = name_start;
    while (title_start < title_end && Py_UNICODE_ISSPACE(s[title_start])) {
        title_start++;
    }
    while (title_end > title_start && Py_UNICODE_ISSPACE(s[title_end - 1])) {
        title_end--;
    }
    PyObject *title = PyUnicode_Substring(context->text, title_start, title_end);
    if (title == NULL) {
        return -1;
    }
    int known = PySet_Contains(titles, title);
    Py_DECREF(title);
    if (known < 0) {
        return -1;
    }
    if (!known) {
        if (after_number(s, start)) {
            return 0;
        }
        PyObject *position = PyLong_FromSsize_t(name_start);
        if (position == NULL) {
            return -1;
        }
        PyObject *call_args[2] = {context->text, position};
        PyObject *verdict = PyObject_Vectorcall(begins_with_name, call_args, 2, NULL);
        Py_DECREF(position);
        if (verdict == NULL) {
            return -1;
        }
        int begins = PyObject_IsTrue(verdict);
        Py_DECREF(verdict);
        if (begins <= 0) {
            return begins;
        }
    }
    PyObject *found = credential_name_bounds(context, name_start, bounds[2], 0, 1, 1);
    if (found == NULL) {
        return -1;
    }
    Py_ssize_t first;
    Py_ssize_t last;
    int named = read_bounds(found, name_start, &first, &last);
    Py_DECREF(found);
    if (named <= 0) {
        return named;
    }
    return append_span(context->spans, context->span_type, context->name_kind, first, last);
}

static PyObject *
title_names(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9) {
        PyErr_Format(PyExc_TypeError, "title_names() takes 9 arguments, got %zd", nargs);
        return NULL;
    }
    CredentialContext context = {
        .text = args[0],
        .spans = args[2],
        .cached_bounds = args[5],
        .bounds_cache = args[6],
        .span_type = args[7],
        .name_kind = args[8],
        .line = {.read_to = 0, .line_start = 0, .last_lower = -1},
    };
    PyObject *titles = args[3];
    PyObject *begins_with_name = args[4];
    Py_ssize_t length;
    const Py_UCS1 *s = ascii_data(context.text, &length);
    if (s == NULL) {
        return NULL;
    }
    if (!PyList_Check(context.spans) || !PyDict_Check(context.bounds_cache) ||
        !PyAnySet_Check(titles)) {
        PyErr_SetString(PyExc_TypeError, "title_names() expects a list of spans, a set and a dict");
        return NULL;
    }
    PyObject *matches = PyObject_GetIter(args[1]);
    if (matches == NULL) {
        return NULL;
    }
    PyObject *match;
    while ((match = PyIter_Next(matches)) != NULL) {
        Py_ssize_t bounds[3];
        int result = title_match_bounds(match, length, bounds);
        Py_DECREF(match);
        if (result == 0) {
            result = read_title(&context, titles, begins_with_name, s, bounds);
        }
        if (result < 0) {
            Py_DECREF(matches);
            return NULL;
        }
    }
    Py_DECREF(matches);
    if (PyErr_Occurred()) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* ---- repeated_names -------------------------------------------------------------------- */

/* One form of a name to search for. The data is borrowed from the set of words, which lives
 * until the search ends and which no Python code can reach. */
typedef struct {
    const Py_UCS1 *data;
    const Py_UCS1 *lowered;
    Py_ssize_t length;
    Py_ssize_t last_end;
    int checked;
    int word; /* every character is a letter or a digit */
} Form;

typedef struct {
    Py_ssize_t start;
    Py_ssize_t end;
} Bounds;

/* A growable array of bounds. */
typedef struct {
    Bounds *items;
    Py_ssize_t size;
    Py_ssize_t capacity;
} BoundsList;

static int
bounds_append(BoundsList *list, Py_ssize_t start, Py_ssize_t end)
{
    if (list->size == list->capacity) {
        Py_ssize_t capacity = list->capacity ? list->capacity * 2 : 16;
        if (capacity > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(Bounds)) {
            PyErr_NoMemory();
            return -1;
        }
        Bounds *items = PyMem_Realloc(list->items, (size_t)capacity * sizeof(Bounds));
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->size].start = start;
    list->items[list->size].end = end;
    list->size++;
    return 0;
}

static int
compare_bounds(const void *left, const void *right)
{
    const Bounds *a = left;
    const Bounds *b = right;
    if (a->start != b->start) {
        return a->start < b->start ? -1 : 1;
    }
    return (a->end > b->end) - (a->end < b->end);
}

static int
compare_forms(const void *left, const void *right)
{
    const Form *a = left;
    const Form *b = right;
    if (a->length != b->length) {
        return a->length < b->length ? -1 : 1;
    }
    return memcmp(a->lowered, b->lowered, (size_t)a->length);
}

/*
 * Add the forms for each name span of spans to words, and with from_scan the checked forms
 * to checked_words, reading each name's forms from cache or, when it has none, from
 * search_forms(name, from_scan). With from_scan only spans of name_kind count, and with
 * bounds set the spans' bounds are appended to it. Return 0, -1 with an exception, or 1 when a
 * span's bounds do not lie inside the text.
 */
static int
collect_forms(PyObject *text, Py_ssize_t length, PyObject *spans, PyObject *cache,
              PyObject *search_forms, PyObject *name_kind, int from_scan, PyObject *words,
              PyObject *checked_words, BoundsList *bounds)
{
    PyObject *sequence = PySequence_Fast(spans, "spans must be a sequence");
    if (sequence == NULL) {
        return -1;
    }
    int status = 0;
    for (Py_ssize_t index = 0; index < PySequence_Fast_GET_SIZE(sequence); index++) {
        PyObject *span = PySequence_Fast_GET_ITEM(sequence, index);
        Py_INCREF(span);
        Py_ssize_t start;
        Py_ssize_t end;
        PyObject *found = NULL;
        PyObject *name = NULL;
        status = -1;
        if (from_scan) {
            PyObject *kind = PyObject_GetAttr(span, kind_name);
            if (kind == NULL) {
                goto next;
            }
            int is_name = PyObject_RichCompareBool(kind, name_kind, Py_EQ);
            Py_DECREF(kind);
            if (is_name <= 0) {
                status = is_name;
                goto next;
            }
        }
        if (read_index(span, start_name, &start) < 0 || read_index(span, end_name, &end) < 0) {
            goto next;
        }
        if (start < 0 || end < start || end > length) {
            status = 1;
            goto next;
        }
        if (bounds != NULL && bounds_append(bounds, start, end) < 0) {
            goto next;
        }
        name = PyUnicode_Substring(text, start, end);
        if (name == NULL) {
            goto next;
        }
        found = PyDict_GetItemWithError(cache, name);
        if (found != NULL) {
            Py_INCREF(found);
        }
        else if (PyErr_Occurred()) {
            goto next;
        }
        else {
            PyObject *call_args[2] = {name, from_scan ? Py_True : Py_False};
            found = PyObject_Vectorcall(search_forms, call_args, 2, NULL);
            if (found == NULL) {
                goto next;
            }
        }
        if (!PyTuple_Check(found) || PyTuple_GET_SIZE(found) != 2 ||
            !PyTuple_Check(PyTuple_GET_ITEM(found, 0)) ||
            !PyTuple_Check(PyTuple_GET_ITEM(found, 1))) {
            PyErr_SetString(PyExc_TypeError, "search forms must be a pair of tuples");
            goto next;
        }
        for (int part = 0; part < (from_scan ? 2 : 1); part++) {
            PyObject *forms = PyTuple_GET_ITEM(found, part);
            PyObject *target = part == 0 ? words : checked_words;
            for (Py_ssize_t item = 0; item < PyTuple_GET_SIZE(forms); item++) {
                PyObject *form = PyTuple_GET_ITEM(forms, item);
                if (!PyUnicode_CheckExact(form)) {
                    PyErr_SetString(PyExc_TypeError, "search forms must be str");
                    goto next;
                }
                if (PySet_Add(target, form) < 0) {
                    goto next;
                }
            }
        }
        status = 0;
    next:
        Py_XDECREF(found);
        Py_XDECREF(name);
        Py_DECREF(span);
        if (status != 0) {
            break;
        }
    }
    Py_DECREF(sequence);
    return status;
}

/* Whether position starts a sentence or a line, as cues._starts_sentence checks. */
static int
starts_sentence(const Py_UCS1 *s, Py_ssize_t position)
{
    Py_ssize_t low = position > 3 ? position - 3 : 0;
    Py_ssize_t before = position;
    while (before > low && is_blank(s[before - 1])) {
        before--;
    }
    if (before == low) {
        return 1;
    }
    Py_UCS1 last = s[before - 1];
    return last == '.' || last == '!' || last == '?' || last == '\n' || last == ':';
}

/*
 * The cue spans' bounds sorted by start, with the greatest end up to each of them, so that
 * whether a span contains a place takes a binary search, as in cues._CueCover.
 */
typedef struct {
    Bounds *items;
    Py_ssize_t *reach;
    Py_ssize_t size;
} CueCover;

/* Fill cover from bounds, which it sorts. Return 0, or -1 with an exception. */
static int
cover_init(CueCover *cover, BoundsList *bounds)
{
    cover->items = bounds->items;
    cover->size = bounds->size;
    cover->reach = NULL;
    if (bounds->size == 0) {
        return 0;
    }
    qsort(bounds->items, (size_t)bounds->size, sizeof(Bounds), compare_bounds);
    cover->reach = PyMem_Malloc((size_t)bounds->size * sizeof(Py_ssize_t));
    if (cover->reach == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t furthest = -1;
    for (Py_ssize_t index = 0; index < bounds->size; index++) {
        if (bounds->items[index].end > furthest) {
            furthest = bounds->items[index].end;
        }
        cover->reach[index] = furthest;
    }
    return 0;
}

/* Whether a cue span starts at or before start and ends at or after end. */
static int
cover_contains(const CueCover *cover, Py_ssize_t start, Py_ssize_t end)
{
    /* The number of spans that start at or before start. */
    Py_ssize_t low = 0;
    Py_ssize_t high = cover->size;
    while (low < high) {
        Py_ssize_t middle = low + (high - low) / 2;
        if (cover->items[middle].start <= start) {
            low = middle + 1;
        }
        else {
            high = middle;
        }
    }
    return low > 0 && cover->reach[low - 1] >= end;
}

/* Return cues._is_repeated_name for an ASCII text: 1, 0, or -1 with an exception. */
static int
is_repeated_name(PyObject *text, const Py_UCS1 *s, Py_ssize_t length, Py_ssize_t position,
                 Py_ssize_t end, int checked, const CueCover *cover, PyObject *person_verb_match)
{
    if ((position > 0 && is_alnum(s[position - 1])) || (end < length && is_alnum(s[end]))) {
        return 0;
    }
    if (cover_contains(cover, position, end)) {
        return 0;
    }
    if (!checked || !starts_sentence(s, position)) {
        return 1;
    }
    PyObject *end_object = PyLong_FromSsize_t(end);
    if (end_object == NULL) {
        return -1;
    }
    PyObject *call_args[2] = {text, end_object};
    PyObject *verb = PyObject_Vectorcall(person_verb_match, call_args, 2, NULL);
    Py_DECREF(end_object);
    if (verb == NULL) {
        return -1;
    }
    int matched = verb != Py_None;
    Py_DECREF(verb);
    return matched;
}

/* At most this many forms may share one lowered text; a note with more goes to Python. */
#define MAX_CASE_FORMS 8

/*
 * Return the index of the first form in sorted forms[0:count] whose length and lowered text
 * are those of lowered[0:size], or -1 if there is none.
 */
static Py_ssize_t
find_lowered_form(const Form *forms, Py_ssize_t count, const Py_UCS1 *lowered, Py_ssize_t size)
{
    Form key = {.lowered = lowered, .length = size};
    Py_ssize_t low = 0;
    Py_ssize_t high = count;
    while (low < high) {
        Py_ssize_t middle = low + (high - low) / 2;
        if (compare_forms(&forms[middle], &key) < 0) {
            low = middle + 1;
        }
        else {
            high = middle;
        }
    }
    return low < count && compare_forms(&forms[low], &key) == 0 ? low : -1;
}

/* A node of the automaton of find_other_forms: a prefix of one or more forms. */
typedef struct {
    Py_ssize_t first_child;
    Py_ssize_t next_sibling;
    /* The node of the longest proper suffix of this prefix that is a node too. */
    Py_ssize_t fail;
    /* The nearest node on the chain of fail links, this one left out, where a form ends, or
     * -1 if there is none. */
    Py_ssize_t report;
    /* The index in forms of the form that ends here, or -1. */
    Py_ssize_t form;
    Py_UCS1 character;
} Node;

/* Return the child of node for character, or -1. A node has at most 128 children. */
static Py_ssize_t
child_of(const Node *nodes, Py_ssize_t node, Py_UCS1 character)
{
    for (Py_ssize_t child = nodes[node].first_child; child >= 0;
         child = nodes[child].next_sibling) {
        if (nodes[child].character == character) {
            return child;
        }
    }
    return -1;
}

/*
 * Find the places of the forms of forms[0:used] that have a character other than a letter or
 * a digit, as cues._find_forms_together does. An Aho-Corasick automaton of those forms reads
 * the note once and reports every place where one ends. The note so costs linear time however
 * many forms there are. Each form's places count one after another without overlap, as a
 * search of that form alone finds them. Return 0, or -1 with an exception.
 */
static int
find_other_forms(PyObject *text, const Py_UCS1 *s, Py_ssize_t length, Form *forms,
                 Py_ssize_t used, const CueCover *cover, PyObject *person_verb_match,
                 BoundsList *found)
{
    Py_ssize_t capacity = 1;
    for (Py_ssize_t index = 0; index < used; index++) {
        if (!forms[index].word) {
            capacity += forms[index].length;
        }
    }
    if (capacity == 1) {
        return 0;
    }
    int status = -1;
    Node *nodes = PyMem_Malloc((size_t)capacity * sizeof(Node));
    Py_ssize_t *queue = PyMem_Malloc((size_t)capacity * sizeof(Py_ssize_t));
    if (nodes == NULL || queue == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    nodes[0] = (Node){.first_child = -1, .next_sibling = -1, .fail = 0, .report = -1,
                      .form = -1, .character = 0};
    Py_ssize_t count = 1;
    for (Py_ssize_t index = 0; index < used; index++) {
        if (forms[index].word) {
            continue;
        }
        Py_ssize_t node = 0;
        for (Py_ssize_t offset = 0; offset < forms[index].length; offset++) {
            Py_UCS1 character = forms[index].data[offset];
            Py_ssize_t child = child_of(nodes, node, character);
            if (child < 0) {
                child = count++;
                nodes[child] = (Node){.first_child = -1, .next_sibling = nodes[node].first_child,
                                      .fail = 0, .report = -1, .form = -1,
                                      .character = character};
                nodes[node].first_child = child;
            }
            node = child;
        }
        /* The forms come from a set, so no two end at the same node. */
        nodes[node].form = index;
    }
    /* Fail links in breadth-first order: a node's link is found from its parent's. */
    Py_ssize_t head = 0;
    Py_ssize_t tail = 0;
    for (Py_ssize_t child = nodes[0].first_child; child >= 0; child = nodes[child].next_sibling) {
        queue[tail++] = child;
    }
    while (head < tail) {
        Py_ssize_t node = queue[head++];
        for (Py_ssize_t child = nodes[node].first_child; child >= 0;
             child = nodes[child].next_sibling) {
            Py_ssize_t suffix = nodes[node].fail;
            Py_ssize_t target;
            while ((target = child_of(nodes, suffix, nodes[child].character)) < 0 && suffix != 0) {
                suffix = nodes[suffix].fail;
            }
            if (target < 0) {
                target = 0;
            }
            nodes[child].fail = target;
            nodes[child].report = nodes[target].form >= 0 ? target : nodes[target].report;
            queue[tail++] = child;
        }
    }
    Py_ssize_t state = 0;
    for (Py_ssize_t index = 0; index < length; index++) {
        Py_ssize_t next;
        while ((next = child_of(nodes, state, s[index])) < 0 && state != 0) {
            state = nodes[state].fail;
        }
        state = next < 0 ? 0 : next;
        Py_ssize_t hit = nodes[state].form >= 0 ? state : nodes[state].report;
        for (; hit >= 0; hit = nodes[hit].report) {
            Form *form = &forms[nodes[hit].form];
            Py_ssize_t end = index + 1;
            Py_ssize_t position = end - form->length;
            if (form->last_end > position) {
                continue;
            }
            form->last_end = end;
            int repeated = is_repeated_name(text, s, length, position, end, form->checked,
                                            cover, person_verb_match);
            if (repeated < 0 || (repeated && bounds_append(found, position, end) < 0)) {
                goto done;
            }
        }
    }
    status = 0;

done:
    PyMem_Free(nodes);
    PyMem_Free(queue);
    return status;
}

/*
 * Find the places of the forms in words, as cues._python_find_repeated_names does for ASCII,
 * and append their bounds to found. Forms of letters and digits alone are looked up once for
 * each run of letters and digits of the note, as cues._find_word_forms does: a place counts
 * only as such a whole run. find_other_forms finds the other forms ("O'Brien", "Smith-Jones").
 * Return 0, -1 with an exception, or 1 to decline, which more than MAX_CASE_FORMS forms of one
 * lowered text make.
 */
static int
find_forms(PyObject *text, const Py_UCS1 *s, Py_ssize_t length, PyObject *words,
           PyObject *checked_words, const CueCover *cover, PyObject *person_verb_match,
           BoundsList *found)
{
    Py_ssize_t count = PySet_GET_SIZE(words);
    Form *forms = PyMem_Calloc((size_t)count, sizeof(Form));
    Py_UCS1 *lowered_text = PyMem_Malloc((size_t)length + 1);
    Py_UCS1 *lowered_forms = NULL;
    int status = -1;
    if (forms == NULL || lowered_text == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t index = 0; index < length; index++) {
        lowered_text[index] = is_upper(s[index]) ? (Py_UCS1)(s[index] + 32) : s[index];
    }
    Py_ssize_t total = 0;
    Py_ssize_t used = 0;
    PyObject *iterator = PyObject_GetIter(words);
    if (iterator == NULL) {
        goto done;
    }
    PyObject *word;
    while ((word = PyIter_Next(iterator)) != NULL) {
        /* A word with other characters lowers to ASCII only where an ASCII word of the set
         * lowers to the same text, so it adds no place in an ASCII note. */
        if (PyUnicode_IS_ASCII(word) && used < count) {
            Py_ssize_t size = PyUnicode_GET_LENGTH(word);
            if (size == 0 || size > PY_SSIZE_T_MAX - total) {
                Py_DECREF(word);
                Py_DECREF(iterator);
                status = 1;
                goto done;
            }
            forms[used].data = PyUnicode_1BYTE_DATA(word);
            forms[used].length = size;
            int checked = PySet_Contains(checked_words, word);
            if (checked < 0) {
                Py_DECREF(word);
                Py_DECREF(iterator);
                goto done;
            }
            forms[used].checked = checked;
            const Py_UCS1 *data = forms[used].data;
            int word_form = 1;
            for (Py_ssize_t offset = 0; offset < size; offset++) {
                word_form = word_form && is_alnum(data[offset]);
            }
            forms[used].word = word_form;
            total += size;
            used++;
        }
        /* The set keeps the word alive. */
        Py_DECREF(word);
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred()) {
        goto done;
    }
    lowered_forms = PyMem_Malloc((size_t)total + 1);
    if (lowered_forms == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_UCS1 *next = lowered_forms;
    for (Py_ssize_t index = 0; index < used; index++) {
        for (Py_ssize_t offset = 0; offset < forms[index].length; offset++) {
            Py_UCS1 c = forms[index].data[offset];
            next[offset] = is_upper(c) ? (Py_UCS1)(c + 32) : c;
        }
        forms[index].lowered = next;
        next += forms[index].length;
    }
    qsort(forms, (size_t)used, sizeof(Form), compare_forms);
    for (Py_ssize_t group = 0; group < used;) {
        Py_ssize_t group_end = group + 1;
        while (group_end < used && compare_forms(&forms[group], &forms[group_end]) == 0) {
            group_end++;
        }
        if (group_end - group > MAX_CASE_FORMS) {
            status = 1;
            goto done;
        }
        group = group_end;
    }
    if (find_other_forms(text, s, length, forms, used, cover, person_verb_match, found) < 0) {
        goto done;
    }
    for (Py_ssize_t run_end = 0; run_end < length;) {
        if (!is_alnum(s[run_end])) {
            run_end++;
            continue;
        }
        Py_ssize_t run_start = run_end;
        while (run_end < length && is_alnum(s[run_end])) {
            run_end++;
        }
        Py_ssize_t size = run_end - run_start;
        Py_ssize_t member = find_lowered_form(forms, used, lowered_text + run_start, size);
        if (member < 0) {
            continue;
        }
        for (; member < used && forms[member].length == size &&
               memcmp(forms[member].lowered, lowered_text + run_start, (size_t)size) == 0;
             member++) {
            if (memcmp(s + run_start, forms[member].data, (size_t)size) != 0) {
                continue;
            }
            int repeated = is_repeated_name(text, s, length, run_start, run_end,
                                            forms[member].checked, cover, person_verb_match);
            if (repeated < 0 || (repeated && bounds_append(found, run_start, run_end) < 0)) {
                goto done;
            }
            break;
        }
    }
    status = 0;

done:
    PyMem_Free(forms);
    PyMem_Free(lowered_text);
    PyMem_Free(lowered_forms);
    return status;
}

static PyObject *
repeated_names(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9) {
        PyErr_Format(PyExc_TypeError, "repeated_names() takes 9 arguments, got %zd", nargs);
        return NULL;
    }
    PyObject *text = args[0];
    PyObject *cue_forms = args[3];
    PyObject *scan_forms = args[4];
    PyObject *search_forms = args[5];
    PyObject *person_verb_match = args[6];
    PyObject *span_type = args[7];
    PyObject *name_kind = args[8];
    Py_ssize_t length;
    const Py_UCS1 *s = ascii_data(text, &length);
    if (s == NULL) {
        return NULL;
    }
    if (!PyDict_Check(cue_forms) || !PyDict_Check(scan_forms)) {
        PyErr_SetString(PyExc_TypeError, "repeated_names() expects dicts of forms");
        return NULL;
    }
    PyObject *result = NULL;
    BoundsList cue_bounds = {NULL, 0, 0};
    BoundsList found = {NULL, 0, 0};
    CueCover cover = {NULL, NULL, 0};
    PyObject *words = PySet_New(NULL);
    PyObject *checked_words = PySet_New(NULL);
    if (words == NULL || checked_words == NULL) {
        goto done;
    }
    int status = collect_forms(text, length, args[1], cue_forms, search_forms, name_kind, 0,
                               words, checked_words, &cue_bounds);
    if (status == 0) {
        status = collect_forms(text, length, args[2], scan_forms, search_forms, name_kind, 1,
                               words, checked_words, NULL);
    }
    if (status == 0 && PySet_GET_SIZE(words) > 0) {
        status = cover_init(&cover, &cue_bounds);
    }
    if (status == 0 && PySet_GET_SIZE(words) > 0) {
        status = find_forms(text, s, length, words, checked_words, &cover, person_verb_match,
                            &found);
    }
    if (status < 0) {
        goto done;
    }
    if (status > 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (found.size > 1) {
        qsort(found.items, (size_t)found.size, sizeof(Bounds), compare_bounds);
    }
    result = PyList_New(found.size);
    if (result == NULL) {
        goto done;
    }
    for (Py_ssize_t index = 0; index < found.size; index++) {
        PyObject *span =
            new_span(span_type, name_kind, found.items[index].start, found.items[index].end);
        if (span == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, index, span);
    }

done:
    Py_XDECREF(words);
    Py_XDECREF(checked_words);
    PyMem_Free(cue_bounds.items);
    PyMem_Free(cover.reach);
    PyMem_Free(found.items);
    return result;
}

static PyMethodDef methods[] = {
    {"credential_names", (PyCFunction)(void (*)(void))credential_names, METH_FASTCALL,
     "credential_names(text, spans, credentials, are_initials, cached_bounds, bounds_cache, "
     "ambiguous, span_type, name_kind) -> None\n\nAppend to spans the names before the "
     "credentials of an ASCII text, as cues._python_credential_names does."},
    {"title_names", (PyCFunction)(void (*)(void))title_names, METH_FASTCALL,
     "title_names(text, matches, spans, titles, begins_with_name, cached_bounds, bounds_cache, "
     "span_type, name_kind) -> None\n\nAppend to spans the names after the title matches of "
     "an ASCII text, as cues._python_title_names does."},
    {"repeated_names", (PyCFunction)(void (*)(void))repeated_names, METH_FASTCALL,
     "repeated_names(text, cue_spans, scan_spans, cue_forms, scan_forms, search_forms, "
     "person_verb_match, span_type, name_kind) -> list or None\n\nReturn the sorted spans "
     "that cues._python_find_repeated_names returns for an ASCII text, or None where the "
     "Python function must run."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT,
    .m_name = "phigate.masking._cues",
    .m_doc = "The per-match loops of the name cues, in C, for ASCII notes.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__cues(void)
{
    cue_source = PyUnicode_InternFromString("cue");
    start_name = PyUnicode_InternFromString("start");
    end_name = PyUnicode_InternFromString("end");
    kind_name = PyUnicode_InternFromString("kind");
    regs_name = PyUnicode_InternFromString("regs");
    if (cue_source == NULL || start_name == NULL || end_name == NULL || kind_name == NULL ||
        regs_name == NULL) {
        return NULL;
    }
    return PyModule_Create(&module_definition);
}
