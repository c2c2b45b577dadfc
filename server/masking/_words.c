/* The capitalized-word loop of the name scan (phigate.masking.names), in C.
 *
 * candidates(text, seen) returns what names._python_candidates returns: a (word, start, end)
 * tuple for every match of names._CAPITALIZED in text, in order. It leaves out single letters
 * without a period after them, words right after a letter, digit or apostrophe, and words
 * that seen maps to None. Most capitalized words of a note are known to be safe, and this
 * drops them without a match object for each, and those that the position rules drop
 * without a string either.
 *
 * scan(text, seen) runs the whole of names.NameScanner.find on top of that loop and returns
 * its list of spans, or None when a cached word's information has a shape it does not expect.
 * For the rare or complex steps it calls back into names.py, with the callables that
 * configure() gave it. Those steps classify a word not yet in seen and check for an eponym.
 * They also read the cues of a group with an unmasked cue word, check whether a surname after
 * a name is an English word, and look for a city preposition before a run and a state code
 * after it. Each callback runs only where a cheap test of the text shows that it can
 * succeed, and each such test is written so that it never rules out a case where the Python
 * pattern would match.
 *
 * The pattern is [U][L0-9]*(?:['’][L]+|-[L0-9]+)*, where L is the letters of the blocks
 * U+0041..U+024F, U+0370..U+052F and U+1E00..U+1FFF and U is those of them that are upper
 * or title case. It never needs to backtrack, so one forward pass reads it.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_ascii.h"

#include <stdint.h>
#include <string.h>
#include <structmember.h>

#define TABLE_SIZE 0x2000
#define LETTER 1
#define CAPITAL 2
#define DIGIT 4
#define SMALL 8
#define RIGHT_QUOTE 0x2019
/* names._CITY_WINDOW */
#define CITY_WINDOW 16

static unsigned char classes[TABLE_SIZE];

/* Fill the table the way names._letter_classes builds its regex classes. */
static void
fill_classes(void)
{
    static const Py_UCS4 blocks[][2] = {{0x41, 0x24F}, {0x370, 0x52F}, {0x1E00, 0x1FFF}};
    for (size_t block = 0; block < sizeof(blocks) / sizeof(blocks[0]); block++) {
        for (Py_UCS4 code = blocks[block][0]; code <= blocks[block][1]; code++) {
            if (!Py_UNICODE_ISALPHA(code)) {
                continue;
            }
            classes[code] = LETTER;
            if (Py_UNICODE_ISUPPER(code) || Py_UNICODE_ISTITLE(code)) {
                classes[code] |= CAPITAL;
            }
            else if (Py_UNICODE_ISLOWER(code)) {
                classes[code] |= SMALL;
            }
        }
    }
    for (Py_UCS4 code = '0'; code <= '9'; code++) {
        classes[code] = DIGIT;
    }
}

static inline unsigned char
class_of(Py_UCS4 code)
{
    return code < TABLE_SIZE ? classes[code] : 0;
}

/* Return the end of the match that starts with a capital at start. */
static inline Py_ALWAYS_INLINE Py_ssize_t
match_end(int kind, const void *data, Py_ssize_t length, Py_ssize_t start)
{
    Py_ssize_t end = start + 1;
    while (end < length && class_of(PyUnicode_READ(kind, data, end)) & (LETTER | DIGIT)) {
        end++;
    }
    while (end + 1 < length) {
        Py_UCS4 joiner = PyUnicode_READ(kind, data, end);
        unsigned char next = class_of(PyUnicode_READ(kind, data, end + 1));
        unsigned char allowed;
        if (joiner == '\'' || joiner == RIGHT_QUOTE) {
            allowed = LETTER;
        }
        else if (joiner == '-') {
            allowed = LETTER | DIGIT;
        }
        else {
            break;
        }
        if (!(next & allowed)) {
            break;
        }
        end += 2;
        while (end < length && class_of(PyUnicode_READ(kind, data, end)) & allowed) {
            end++;
        }
    }
    return end;
}

/* Append (word, start, end) to found, taking over the reference to word. Return 0, or -1
 * with an exception set. */
static int
append_word(PyObject *found, PyObject *word, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *item = PyTuple_New(3);
    if (item == NULL) {
        Py_DECREF(word);
        return -1;
    }
    PyTuple_SET_ITEM(item, 0, word);
    PyObject *bound = PyLong_FromSsize_t(start);
    if (bound == NULL) {
        Py_DECREF(item);
        return -1;
    }
    PyTuple_SET_ITEM(item, 1, bound);
    bound = PyLong_FromSsize_t(end);
    if (bound == NULL) {
        Py_DECREF(item);
        return -1;
    }
    PyTuple_SET_ITEM(item, 2, bound);
    int appended = PyList_Append(found, item);
    Py_DECREF(item);
    return appended;
}

/* The loop of candidates(), inlined once for each string kind so that each copy reads its
 * characters without a switch on the kind. */
static inline Py_ALWAYS_INLINE PyObject *
scan_words(PyObject *text, PyObject *seen, int kind, const void *data, Py_ssize_t length)
{
    PyObject *found = PyList_New(0);
    if (found == NULL) {
        return NULL;
    }
    Py_ssize_t position = 0;
    while (position < length) {
        if (!(class_of(PyUnicode_READ(kind, data, position)) & CAPITAL)) {
            position++;
            continue;
        }
        Py_ssize_t start = position;
        Py_ssize_t end = match_end(kind, data, length, start);
        position = end;
        if (start > 0) {
            Py_UCS4 before = PyUnicode_READ(kind, data, start - 1);
            if (Py_UNICODE_ISALNUM(before) || before == '\'' || before == RIGHT_QUOTE) {
                continue;
            }
        }
        if (end - start == 1 && (end >= length || PyUnicode_READ(kind, data, end) != '.')) {
            continue;
        }
        PyObject *word = PyUnicode_Substring(text, start, end);
        if (word == NULL) {
            goto error;
        }
        PyObject *info = PyDict_GetItemWithError(seen, word);
        if (info == NULL && PyErr_Occurred()) {
            Py_DECREF(word);
            goto error;
        }
        if (info == Py_None) {
            Py_DECREF(word);
            continue;
        }
        if (append_word(found, word, start, end) < 0) {
            goto error;
        }
    }
    return found;

error:
    Py_DECREF(found);
    return NULL;
}

static PyObject *
candidates(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "candidates() takes 2 arguments, got %zd", nargs);
        return NULL;
    }
    PyObject *text = args[0];
    PyObject *seen = args[1];
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "text must be str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (!PyDict_Check(seen)) {
        PyErr_Format(PyExc_TypeError, "seen must be dict, not %.100s", Py_TYPE(seen)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return scan_words(text, seen, PyUnicode_1BYTE_KIND, data, length);
    case PyUnicode_2BYTE_KIND:
        return scan_words(text, seen, PyUnicode_2BYTE_KIND, data, length);
    default:
        return scan_words(text, seen, PyUnicode_4BYTE_KIND, data, length);
    }
}

/* ---- The whole scan: scan() and configure() ---- */

/* lexicon.WordClass, in the order of its values. */
enum { CLASS_SAFE, CLASS_NAME_LIKE, CLASS_UNKNOWN, CLASS_COUNT };

/* The arguments of configure(), in order. */
enum {
    CONFIG_SPAN_TYPE,
    CONFIG_KIND_NAME,
    CONFIG_KIND_CITY,
    CONFIG_SOURCE,
    CONFIG_SAFE,
    CONFIG_NAME_LIKE,
    CONFIG_UNKNOWN,
    CONFIG_WORD_INFO,
    CONFIG_SEEN_LIMIT,
    CONFIG_IS_EPONYM,
    CONFIG_EPONYM_HEADS,
    CONFIG_IS_ENGLISH_WORD,
    CONFIG_FOLLOWS_CITY_PREPOSITION,
    CONFIG_STATE_AFTER_MATCH,
    CONFIG_ADD_MASKED_RUNS,
    CONFIG_ADD_RUNS,
    CONFIG_CUE_BEFORE_WORDS,
    CONFIG_SIZE,
};

#define HEAD_SIZE 32
#define HEADS_MAX 256

/* The arguments of the last configure() call, as a tuple, or NULL before the first. scan()
 * holds a reference to it while it runs, so a callback that configures again cannot free
 * what scan() is using. */
static PyObject *configuration;
static Py_ssize_t seen_limit;
/* The eponym heads, in lower case, each ended by a zero byte. */
static char heads[HEADS_MAX][HEAD_SIZE];
static size_t head_sizes[HEADS_MAX];
static Py_ssize_t head_count;

/* The borrowed items of `configuration` that scan() reads. */
typedef struct {
    PyObject *span_type;
    PyObject *kind_name;
    PyObject *kind_city;
    PyObject *source;
    PyObject *classes[CLASS_COUNT];
    PyObject *word_info;
    PyObject *is_eponym;
    PyObject *is_english_word;
    PyObject *follows_city_preposition;
    PyObject *state_after_match;
    PyObject *add_masked_runs;
    PyObject *add_runs;
    PyObject *cue_before_words;
} Callbacks;

/* One token of names._tokens, with the fields of names._Token after its bounds. */
typedef struct {
    Py_ssize_t start;
    Py_ssize_t end;
    unsigned char word_class;
    unsigned char weak;
    unsigned char all_capitals;
    unsigned char place;
    unsigned char abbreviation;
    unsigned char masked;
} Token;

/* The tokens of one group, and room for the masks that names._add_runs computes. */
typedef struct {
    Token *tokens;
    unsigned char *masked;
    Py_ssize_t count;
    Py_ssize_t capacity;
} Group;

static int
group_push(Group *group, const Token *token)
{
    if (group->count == group->capacity) {
        Py_ssize_t capacity = group->capacity ? group->capacity * 2 : 16;
        if (capacity > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(Token)) {
            PyErr_NoMemory();
            return -1;
        }
        Token *tokens = PyMem_Realloc(group->tokens, (size_t)capacity * sizeof(Token));
        if (tokens == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        group->tokens = tokens;
        unsigned char *masked = PyMem_Realloc(group->masked, (size_t)capacity);
        if (masked == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        group->masked = masked;
        group->capacity = capacity;
    }
    group->tokens[group->count++] = *token;
    return 0;
}

static inline int
is_capital_letter(Py_UCS4 code)
{
    return code >= 'A' && code <= 'Z';
}

/* Return whether names._JOIN matches all of text[start:end]. Each optional part of the
 * pattern starts with its own character, and a leading quote may be taken as the first quote
 * whatever follows, so reading the parts in order decides the match. */
static inline Py_ALWAYS_INLINE int
join_matches(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t position = start;
    while (position < end && is_blank(PyUnicode_READ(kind, data, position))) {
        position++;
    }
    static const Py_UCS4 parts[4] = {'"', ',', '\n', '"'};
    for (int part = 0; part < 4; part++) {
        if (position >= end) {
            break;
        }
        Py_UCS4 code = PyUnicode_READ(kind, data, position);
        int found = parts[part] == '"' ? code == '"' || code == 0x201C || code == 0x201D
                                       : code == parts[part];
        if (!found) {
            continue;
        }
        position++;
        while (position < end && is_blank(PyUnicode_READ(kind, data, position))) {
            position++;
        }
    }
    return position == end;
}

static inline Py_ALWAYS_INLINE int
has_comma(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    for (Py_ssize_t position = start; position < end; position++) {
        if (PyUnicode_READ(kind, data, position) == ',') {
            return 1;
        }
    }
    return 0;
}

/* Return 0 where names._EPONYM_AFTER cannot match at `end` and 1 where it may. The heads
 * are ASCII letters, so a run of ASCII letters after the blanks must be one of them, in any
 * case, with no letter, digit or underscore after it. A character outside ASCII may match a
 * letter case-insensitively ("K", the Kelvin sign), so there the pattern decides. */
static inline Py_ALWAYS_INLINE int
eponym_may_follow(int kind, const void *data, Py_ssize_t length, Py_ssize_t end)
{
    Py_ssize_t position = end;
    if (position < length) {
        Py_UCS4 code = PyUnicode_READ(kind, data, position);
        if (code == '\'' || code == RIGHT_QUOTE) {
            position++;
            if (position < length && PyUnicode_READ(kind, data, position) == 's') {
                position++;
            }
        }
    }
    Py_ssize_t head_start = position;
    while (head_start < length && is_blank(PyUnicode_READ(kind, data, head_start))) {
        head_start++;
    }
    if (head_start == position || head_start >= length) {
        return 0;
    }
    Py_ssize_t head_end = head_start;
    while (head_end < length) {
        Py_UCS4 code = PyUnicode_READ(kind, data, head_end);
        if (code >= 0x80) {
            return 1;
        }
        if (!is_letter(code)) {
            if (Py_UNICODE_ISALNUM(code) || code == '_') {
                return 0;
            }
            break;
        }
        head_end++;
    }
    Py_ssize_t size = head_end - head_start;
    if (size == 0 || size >= HEAD_SIZE) {
        return 0;
    }
    char lowered[HEAD_SIZE];
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_UCS4 code = PyUnicode_READ(kind, data, head_start + i);
        lowered[i] = (char)(code >= 'A' && code <= 'Z' ? code + ('a' - 'A') : code);
    }
    for (Py_ssize_t i = 0; i < head_count; i++) {
        if (head_sizes[i] == (size_t)size && memcmp(heads[i], lowered, (size_t)size) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Return the end of the names._SURNAME_AFTER match at `end`, or 0 where there is none. */
static inline Py_ALWAYS_INLINE Py_ssize_t
surname_after(int kind, const void *data, Py_ssize_t length, Py_ssize_t end)
{
    if (end + 1 >= length || PyUnicode_READ(kind, data, end) != ' ' ||
        !is_capital_letter(PyUnicode_READ(kind, data, end + 1))) {
        return 0;
    }
    Py_ssize_t word_end = end + 2;
    while (word_end < length) {
        Py_UCS4 code = PyUnicode_READ(kind, data, word_end);
        if (code < 'a' || code > 'z') {
            break;
        }
        word_end++;
    }
    if (word_end - (end + 2) < 2) {
        return 0;
    }
    if (word_end < length) {
        /* The run of small letters is already the longest, so a shorter one would be
         * followed by a small letter, which the lookahead rejects too. */
        Py_UCS4 code = PyUnicode_READ(kind, data, word_end);
        if (Py_UNICODE_ISALNUM(code) || code == '_' || code == '\'' || code == RIGHT_QUOTE ||
            code == '-') {
            return 0;
        }
    }
    return word_end;
}

/* Return 0 where names._follows_city_preposition is false for `start`, and 1 where it has
 * to be asked. Its pattern ends in a preposition, blanks and an optional line break, and the
 * preposition must start the window or follow a character that is not a word character. So
 * in ASCII the run of letters before the blanks must be the preposition itself. */
static inline Py_ALWAYS_INLINE int
city_preposition_may_come_before(int kind, const void *data, Py_ssize_t start)
{
    Py_ssize_t window_start = start > CITY_WINDOW ? start - CITY_WINDOW : 0;
    Py_ssize_t body_end = start;
    if (body_end > window_start && PyUnicode_READ(kind, data, body_end - 1) == '\n') {
        body_end--;
    }
    Py_ssize_t word_end = body_end;
    while (word_end > window_start && is_blank(PyUnicode_READ(kind, data, word_end - 1))) {
        word_end--;
    }
    if (word_end == body_end || word_end == window_start) {
        return 0;
    }
    switch (PyUnicode_READ(kind, data, word_end - 1)) {
    case 'n':
    case 'N':
    case 'm':
    case 'M':
    case 'r':
    case 'R':
    case 'o':
    case 'O':
        break;
    default:
        return 0;
    }
    Py_ssize_t word_start = word_end;
    while (word_start > window_start && word_end - word_start <= 4 &&
           is_letter(PyUnicode_READ(kind, data, word_start - 1))) {
        word_start--;
    }
    if (word_start > window_start) {
        Py_UCS4 code = PyUnicode_READ(kind, data, word_start - 1);
        if (code >= 0x80) {
            return 1;
        }
        if (is_alnum(code) || code == '_') {
            /* Another letter, so a word longer than any preposition, or a digit or '_'. */
            return 0;
        }
    }
    static const char *prepositions[4] = {"in", "from", "near", "to"};
    Py_ssize_t size = word_end - word_start;
    for (int i = 0; i < 4; i++) {
        if ((Py_ssize_t)strlen(prepositions[i]) != size) {
            continue;
        }
        Py_ssize_t j = 0;
        while (j < size && (PyUnicode_READ(kind, data, word_start + j) | 0x20) ==
                               (Py_UCS4)prepositions[i][j]) {
            j++;
        }
        if (j == size) {
            return 1;
        }
    }
    return 0;
}

/* The codes of names._STATE_AFTER, MD and PA among them. */
static const char state_codes[] = "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME "
                                  "MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR RI SC SD "
                                  "TN TX UT VT VA WA WV WI WY MD PA";

/* Return 0 where names._STATE_AFTER cannot match at `end`, and 1 where it may: one of its
 * codes after an optional comma and blanks, with no letter, digit or '_' after it. MD and PA
 * also need blanks and five digits after them. */
static inline Py_ALWAYS_INLINE int
state_may_follow(int kind, const void *data, Py_ssize_t length, Py_ssize_t end)
{
    Py_ssize_t position = end;
    if (position < length && PyUnicode_READ(kind, data, position) == ',') {
        position++;
    }
    Py_ssize_t code_start = position;
    while (code_start < length && is_blank(PyUnicode_READ(kind, data, code_start))) {
        code_start++;
    }
    if (code_start == position || code_start + 1 >= length) {
        return 0;
    }
    Py_UCS4 first = PyUnicode_READ(kind, data, code_start);
    Py_UCS4 second = PyUnicode_READ(kind, data, code_start + 1);
    if (!is_capital_letter(first) || !is_capital_letter(second)) {
        return 0;
    }
    int found = 0;
    for (size_t i = 0; i + 1 < sizeof(state_codes); i += 3) {
        if (state_codes[i] == (char)first && state_codes[i + 1] == (char)second) {
            found = 1;
            break;
        }
    }
    if (!found) {
        return 0;
    }
    Py_ssize_t after = code_start + 2;
    if ((first == 'M' && second == 'D') || (first == 'P' && second == 'A')) {
        Py_ssize_t digits = after;
        while (digits < length && is_blank(PyUnicode_READ(kind, data, digits))) {
            digits++;
        }
        if (digits == after) {
            return 0;
        }
        for (Py_ssize_t i = 0; i < 5; i++) {
            if (digits + i >= length ||
                !Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, digits + i))) {
                return 0;
            }
        }
        return 1;
    }
    if (after < length) {
        Py_UCS4 code = PyUnicode_READ(kind, data, after);
        if (code < 0x80 && (is_alnum(code) || code == '_')) {
            return 0;
        }
    }
    return 1;
}

/* Call `callable` with text and an index, and return the result's truth, or -1 on error.
 * With `none_is_false`, return whether the result is not None instead. */
static int
call_with_index(PyObject *callable, PyObject *text, Py_ssize_t index, int none_is_false)
{
    PyObject *index_object = PyLong_FromSsize_t(index);
    if (index_object == NULL) {
        return -1;
    }
    PyObject *call_args[2] = {text, index_object};
    PyObject *result = PyObject_Vectorcall(callable, call_args, 2, NULL);
    Py_DECREF(index_object);
    if (result == NULL) {
        return -1;
    }
    int truth = none_is_false ? result != Py_None : PyObject_IsTrue(result);
    Py_DECREF(result);
    return truth;
}

/* The offsets of the slots of spans.Span, in the order of its fields, or 0 where
 * configure() found no slots and new_span calls the type. */
static Py_ssize_t span_offsets[4];

/* Return a new spans.Span. Its __init__ only checks 0 <= start < end, which holds for every
 * run, and stores the fields, so where Span has the slots of its four fields they are filled
 * here without that Python call. */
static PyObject *
new_span(const Callbacks *callbacks, PyObject *start, PyObject *end, PyObject *kind)
{
    PyObject *fields[4] = {start, end, kind, callbacks->source};
    if (span_offsets[0] == 0) {
        return PyObject_Vectorcall(callbacks->span_type, fields, 4, NULL);
    }
    PyTypeObject *type = (PyTypeObject *)callbacks->span_type;
    PyObject *span = type->tp_alloc(type, 0);
    if (span == NULL) {
        return NULL;
    }
    for (int i = 0; i < 4; i++) {
        PyObject **slot = (PyObject **)((char *)span + span_offsets[i]);
        Py_INCREF(fields[i]);
        Py_XSETREF(*slot, fields[i]);
    }
    return span;
}

/* Find the slot offsets of `type` for new_span, or leave them 0 where `type` is not a class
 * with exactly the slots start, end, kind and source and with object's __new__. Return 0, or
 * -1 with an exception set. */
static int
find_span_slots(PyObject *type_object, Py_ssize_t offsets[4])
{
    static const char *names[4] = {"start", "end", "kind", "source"};
    PyTypeObject *type = (PyTypeObject *)type_object;
    memset(offsets, 0, 4 * sizeof(offsets[0]));
    if (type->tp_new != PyBaseObject_Type.tp_new || type->tp_alloc != PyType_GenericAlloc ||
        type->tp_itemsize != 0 || type->tp_dict == NULL) {
        return 0;
    }
    PyObject *slots = PyObject_GetAttrString(type_object, "__slots__");
    if (slots == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) {
            return -1;
        }
        PyErr_Clear();
        return 0;
    }
    int exact = PyTuple_Check(slots) && PyTuple_GET_SIZE(slots) == 4;
    for (int i = 0; exact && i < 4; i++) {
        PyObject *name = PyTuple_GET_ITEM(slots, i);
        exact = PyUnicode_Check(name) && PyUnicode_CompareWithASCIIString(name, names[i]) == 0;
    }
    Py_DECREF(slots);
    if (!exact) {
        return 0;
    }
    Py_ssize_t found[4];
    for (int i = 0; i < 4; i++) {
        /* The descriptor in the class's own namespace, which a subclass cannot replace. */
        PyObject *descriptor = PyDict_GetItemString(type->tp_dict, names[i]);
        if (descriptor == NULL || !Py_IS_TYPE(descriptor, &PyMemberDescr_Type)) {
            return 0;
        }
        PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
        if (member->type != T_OBJECT_EX || (member->flags & READONLY) ||
            member->offset < (Py_ssize_t)sizeof(PyObject) ||
            member->offset > type->tp_basicsize - (Py_ssize_t)sizeof(PyObject *)) {
            return 0;
        }
        found[i] = member->offset;
    }
    memcpy(offsets, found, sizeof(found));
    return 0;
}

/* Append the span of names._run_span for the run from `start` to the end of `last`. */
static inline Py_ALWAYS_INLINE int
add_run_span(const Callbacks *callbacks, PyObject *text, int kind, const void *data,
             Py_ssize_t length, Py_ssize_t start, const Token *last, PyObject *spans)
{
    Py_ssize_t end = last->end;
    if (last->word_class == CLASS_UNKNOWN && !last->all_capitals) {
        Py_ssize_t word_end = surname_after(kind, data, length, end);
        if (word_end > 0) {
            Py_ssize_t size = word_end - (end + 1);
            PyObject *word = PyUnicode_New(size, 127);
            if (word == NULL) {
                return -1;
            }
            Py_UCS1 *letters = PyUnicode_1BYTE_DATA(word);
            for (Py_ssize_t i = 0; i < size; i++) {
                Py_UCS4 code = PyUnicode_READ(kind, data, end + 1 + i);
                letters[i] = (Py_UCS1)(i == 0 ? code + ('a' - 'A') : code);
            }
            PyObject *result = PyObject_Vectorcall(callbacks->is_english_word, &word, 1, NULL);
            Py_DECREF(word);
            if (result == NULL) {
                return -1;
            }
            int english = PyObject_IsTrue(result);
            Py_DECREF(result);
            if (english < 0) {
                return -1;
            }
            if (english) {
                end = word_end;
            }
        }
    }
    int city = 0;
    if (city_preposition_may_come_before(kind, data, start)) {
        city = call_with_index(callbacks->follows_city_preposition, text, start, 0);
        if (city < 0) {
            return -1;
        }
    }
    if (!city && state_may_follow(kind, data, length, end)) {
        city = call_with_index(callbacks->state_after_match, text, end, 1);
        if (city < 0) {
            return -1;
        }
    }
    PyObject *start_object = PyLong_FromSsize_t(start);
    if (start_object == NULL) {
        return -1;
    }
    PyObject *end_object = PyLong_FromSsize_t(end);
    if (end_object == NULL) {
        Py_DECREF(start_object);
        return -1;
    }
    PyObject *kind_object = city ? callbacks->kind_city : callbacks->kind_name;
    PyObject *span = new_span(callbacks, start_object, end_object, kind_object);
    Py_DECREF(start_object);
    Py_DECREF(end_object);
    if (span == NULL) {
        return -1;
    }
    int appended = PyList_Append(spans, span);
    Py_DECREF(span);
    return appended;
}

/* Return the first `count` tokens as a list of names._Token tuples. */
static PyObject *
token_list(const Callbacks *callbacks, const Token *tokens, Py_ssize_t count)
{
    PyObject *list = PyList_New(count);
    if (list == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        const Token *token = &tokens[i];
        PyObject *item = Py_BuildValue(
            "(nnOOOOOO)", token->start, token->end, callbacks->classes[token->word_class],
            token->weak ? Py_True : Py_False, token->all_capitals ? Py_True : Py_False,
            token->place ? Py_True : Py_False, token->abbreviation ? Py_True : Py_False,
            token->masked ? Py_True : Py_False);
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, item);
    }
    return list;
}

#define WORDS_BEFORE_WINDOW 40

/* Return 0 where names._is_cued is false for the single token `token`, 1 where it has to be
 * asked, or -1 on error.
 *
 * Before the token, each of its tests needs the last word that context.words_before reads to
 * be in `cue_before_words`: a cue word, the second word of a cue pair, or "pt" or "patient"
 * before the blanks that names._PATIENT_BEFORE takes. Its window is read here the way
 * words_before reads ASCII text, and anything else is left to it. After the token,
 * names._CUE_AFTER needs a comma or an apostrophe right after it, or blanks and then "(" or a
 * letter that may be "i" in any case. */
static inline Py_ALWAYS_INLINE int
may_be_cued(const Callbacks *callbacks, int kind, const void *data, Py_ssize_t length,
            const Token *token)
{
    Py_ssize_t end = token->end;
    if (end < length) {
        Py_UCS4 code = PyUnicode_READ(kind, data, end);
        if (code == ',' || code == '\'' || code == RIGHT_QUOTE) {
            return 1;
        }
        Py_ssize_t position = end;
        while (position < length && is_blank(PyUnicode_READ(kind, data, position))) {
            position++;
        }
        if (position < length) {
            code = PyUnicode_READ(kind, data, position);
            if (code == '(' ||
                (position > end && (code == 'i' || code == 'I' || code >= 0x80))) {
                return 1;
            }
        }
    }
    Py_ssize_t start = token->start;
    Py_ssize_t window_start = start > WORDS_BEFORE_WINDOW ? start - WORDS_BEFORE_WINDOW : 0;
    Py_ssize_t word_end = start;
    while (word_end > window_start) {
        Py_UCS4 code = PyUnicode_READ(kind, data, word_end - 1);
        if (code >= 0x80) {
            return 1;
        }
        if (is_alnum(code)) {
            break;
        }
        word_end--;
    }
    if (word_end == window_start) {
        /* The window is all ASCII and has no word. */
        return 0;
    }
    Py_ssize_t word_start = word_end;
    while (word_start > window_start &&
           is_alnum(PyUnicode_READ(kind, data, word_start - 1))) {
        word_start--;
    }
    /* words_before reads the window again with a pattern where it is not all ASCII or a
     * joiner comes before a word. Its last word is this one all the same, unless the
     * character before this word is a joiner or outside ASCII. */
    if (word_start > window_start) {
        Py_UCS4 code = PyUnicode_READ(kind, data, word_start - 1);
        if (code >= 0x80 || code == '\'' || code == '/') {
            return 1;
        }
    }
    PyObject *word = PyUnicode_New(word_end - word_start, 127);
    if (word == NULL) {
        return -1;
    }
    Py_UCS1 *letters = PyUnicode_1BYTE_DATA(word);
    for (Py_ssize_t i = word_start; i < word_end; i++) {
        Py_UCS4 code = PyUnicode_READ(kind, data, i);
        letters[i - word_start] = (Py_UCS1)(is_capital_letter(code) ? code + ('a' - 'A') : code);
    }
    int found = PySet_Contains(callbacks->cue_before_words, word);
    Py_DECREF(word);
    return found;
}

/* Call names._add_masked_runs or names._add_runs, `callable`, on the group. */
static int
call_group(PyObject *callable, const Callbacks *callbacks, PyObject *text, const Group *group,
           PyObject *spans)
{
    PyObject *tokens = token_list(callbacks, group->tokens, group->count);
    if (tokens == NULL) {
        return -1;
    }
    PyObject *call_args[3] = {text, tokens, spans};
    PyObject *result = PyObject_Vectorcall(callable, call_args, 3, NULL);
    Py_DECREF(tokens);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

static inline int
cue_candidate(const Token *token)
{
    return token->word_class == CLASS_NAME_LIKE || token->place || token->abbreviation;
}

/* Mark the tokens that names._mark_last_first and the neighbor loop of
 * names._mark_neighbors mark. The loop marks until nothing changes, so its result is the
 * smallest set that is closed under its rules. A pass from the right reaches every token that
 * a masked right neighbor marks, and a pass from the left then every weak token after a
 * masked one. A token that the second pass marks already has a masked left neighbor, so it
 * gives the first rule nothing new, and the two passes reach that same set in linear time. */
static inline Py_ALWAYS_INLINE void
mark_neighbors(int kind, const void *data, const Group *group)
{
    const Token *tokens = group->tokens;
    unsigned char *masked = group->masked;
    Py_ssize_t last = group->count - 1;
    for (Py_ssize_t i = 0; i < last; i++) {
        const Token *first = &tokens[i];
        const Token *second = &tokens[i + 1];
        if (!first->all_capitals || !second->all_capitals) {
            continue;
        }
        if (first->word_class == CLASS_SAFE || second->word_class == CLASS_SAFE) {
            continue;
        }
        if (first->word_class != CLASS_UNKNOWN && second->word_class != CLASS_UNKNOWN) {
            continue;
        }
        if (has_comma(kind, data, first->end, second->start)) {
            masked[i] = masked[i + 1] = 1;
        }
    }
    for (Py_ssize_t i = last - 1; i >= 0; i--) {
        const Token *token = &tokens[i];
        if (masked[i] || !masked[i + 1]) {
            continue;
        }
        if (token->weak ||
            (token->place && !has_comma(kind, data, token->end, tokens[i + 1].start))) {
            masked[i] = 1;
        }
    }
    for (Py_ssize_t i = 1; i <= last; i++) {
        if (!masked[i] && tokens[i].weak && masked[i - 1]) {
            masked[i] = 1;
        }
    }
}

/* Append the spans of names._add_masked_runs for the group. */
static inline Py_ALWAYS_INLINE int
add_masked_runs(const Callbacks *callbacks, PyObject *text, int kind, const void *data,
                Py_ssize_t length, Group *group, PyObject *spans)
{
    Token *tokens = group->tokens;
    Py_ssize_t count = group->count;
    if (count == 1) {
        if (tokens[0].masked) {
            return add_run_span(callbacks, text, kind, data, length, tokens[0].start,
                                &tokens[0], spans);
        }
        if (!cue_candidate(&tokens[0])) {
            return 0;
        }
        int cued = may_be_cued(callbacks, kind, data, length, &tokens[0]);
        if (cued <= 0) {
            return cued;
        }
        return call_group(callbacks->add_masked_runs, callbacks, text, group, spans);
    }
    int all_masked = 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        group->masked[i] = tokens[i].masked;
        all_masked &= tokens[i].masked;
    }
    if (!all_masked) {
        mark_neighbors(kind, data, group);
        for (Py_ssize_t i = 0; i < count; i++) {
            /* names._mark_cued may mark this token, so Python reads the whole group. */
            if (!group->masked[i] && cue_candidate(&tokens[i])) {
                return call_group(callbacks->add_runs, callbacks, text, group, spans);
            }
        }
    }
    /* The run loop of names._add_runs, where a comma also ends a run. */
    Py_ssize_t run_start = -1;
    const Token *previous = NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        const Token *token = &tokens[i];
        if (group->masked[i]) {
            if (previous != NULL && has_comma(kind, data, previous->end, token->start)) {
                if (add_run_span(callbacks, text, kind, data, length, run_start, previous,
                                 spans) < 0) {
                    return -1;
                }
                previous = NULL;
            }
            if (previous == NULL) {
                run_start = token->start;
            }
            previous = token;
            continue;
        }
        if (previous != NULL) {
            if (add_run_span(callbacks, text, kind, data, length, run_start, previous, spans) <
                0) {
                return -1;
            }
            previous = NULL;
        }
    }
    if (previous != NULL) {
        return add_run_span(callbacks, text, kind, data, length, run_start, previous, spans);
    }
    return 0;
}

/* Words that `safe_owner`, the seen dict of the last scan, maps to None, so that most words
 * of a note are dropped without a str object and a dict lookup. Each word is stored in its
 * slot, as Latin-1 bytes, so a lookup reads one slot. The table relies on seen changing only
 * by new entries or by clear(): scan() empties it when it gets another dict or one with fewer
 * entries than at the end of the last scan. */
#define SAFE_WORD_SIZE 27
#define SAFE_PROBES 16
#define SAFE_MIN_CAPACITY 1024

typedef struct {
    uint32_t hash;
    /* 0 for an empty slot. */
    unsigned char size;
    unsigned char bytes[SAFE_WORD_SIZE];
} SafeWord;

static SafeWord *safe_words;
static size_t safe_capacity;
static size_t safe_count;
static PyObject *safe_owner;
static Py_ssize_t safe_owner_size;

/* Return the FNV-1a hash of text[start:end], or 0 where the word is too long or has a
 * character outside Latin-1, which the table does not store. */
static inline Py_ALWAYS_INLINE uint32_t
safe_word_hash(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    if (end - start > SAFE_WORD_SIZE) {
        return 0;
    }
    uint32_t hash = 2166136261u;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 code = PyUnicode_READ(kind, data, i);
        if (code > 0xFF) {
            return 0;
        }
        hash = (hash ^ code) * 16777619u;
    }
    /* 0 stands for a word that is not stored. */
    return hash | 1u;
}

/* Return whether the table has text[start:end], whose hash is `hash`. At most SAFE_PROBES
 * slots are read, so that words chosen to collide cannot slow a lookup down. */
static inline Py_ALWAYS_INLINE int
safe_word_known(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, uint32_t hash)
{
    if (hash == 0 || safe_count == 0) {
        return 0;
    }
    size_t mask = safe_capacity - 1;
    size_t size = (size_t)(end - start);
    for (size_t probe = 0; probe < SAFE_PROBES; probe++) {
        const SafeWord *slot = &safe_words[(hash + probe) & mask];
        if (slot->size == 0) {
            return 0;
        }
        if (slot->hash != hash || slot->size != size) {
            continue;
        }
        size_t i = 0;
        while (i < size && slot->bytes[i] == PyUnicode_READ(kind, data, start + (Py_ssize_t)i)) {
            i++;
        }
        if (i == size) {
            return 1;
        }
    }
    return 0;
}

/* Put a word into the first free slot of its probe run, if there is one. */
static void
safe_word_put(SafeWord *table, size_t capacity, const SafeWord *word)
{
    size_t mask = capacity - 1;
    for (size_t probe = 0; probe < SAFE_PROBES; probe++) {
        SafeWord *slot = &table[(word->hash + probe) & mask];
        if (slot->size == 0) {
            *slot = *word;
            safe_count++;
            return;
        }
    }
}

/* Store text[start:end], whose hash is `hash` and which `seen` maps to None, in the table. The
 * table is only a shortcut, so a word that does not fit, or a table that cannot grow, is left
 * out without an error. So is a word of another dict than the table's, which a scan in another
 * thread may have set while a callback let it run. */
static inline Py_ALWAYS_INLINE void
safe_word_store(PyObject *seen, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
                uint32_t hash)
{
    if (hash == 0 || seen != safe_owner) {
        return;
    }
    if ((safe_count + 1) * 2 > safe_capacity) {
        size_t capacity = safe_capacity ? safe_capacity * 2 : SAFE_MIN_CAPACITY;
        /* The table grows to at most twice seen's entry limit, plus SAFE_MIN_CAPACITY. */
        if (capacity / 2 > (size_t)(seen_limit > 0 ? seen_limit : 0) + SAFE_MIN_CAPACITY) {
            return;
        }
        SafeWord *table = PyMem_Calloc(capacity, sizeof(SafeWord));
        if (table == NULL) {
            return;
        }
        SafeWord *old = safe_words;
        size_t old_capacity = safe_capacity;
        safe_count = 0;
        for (size_t i = 0; i < old_capacity; i++) {
            if (old[i].size != 0) {
                safe_word_put(table, capacity, &old[i]);
            }
        }
        PyMem_Free(old);
        safe_words = table;
        safe_capacity = capacity;
    }
    SafeWord word = {.hash = hash, .size = (unsigned char)(end - start)};
    for (Py_ssize_t i = start; i < end; i++) {
        word.bytes[i - start] = (unsigned char)PyUnicode_READ(kind, data, i);
    }
    safe_word_put(safe_words, safe_capacity, &word);
}

/* Empty the table where `seen` is not the dict it was filled from or has lost entries. */
static void
safe_words_check_owner(PyObject *seen)
{
    if (seen == safe_owner && PyDict_GET_SIZE(seen) >= safe_owner_size) {
        return;
    }
    if (safe_count > 0) {
        memset(safe_words, 0, safe_capacity * sizeof(SafeWord));
        safe_count = 0;
    }
    Py_INCREF(seen);
    Py_XSETREF(safe_owner, seen);
}

/* Read a cached names._WordInfo into `token` and `trim`, `dotted`. Return 1 when it has the
 * shape that names._word_info gives, and 0 when it does not. */
static int
read_word_info(const Callbacks *callbacks, PyObject *info, Py_ssize_t size, Token *token,
               Py_ssize_t *trim, int *dotted)
{
    if (!PyTuple_CheckExact(info) || PyTuple_GET_SIZE(info) != 6) {
        return 0;
    }
    PyObject *word_class = PyTuple_GET_ITEM(info, 0);
    int found = 0;
    for (int i = 0; i < CLASS_COUNT; i++) {
        if (word_class == callbacks->classes[i]) {
            token->word_class = (unsigned char)i;
            found = 1;
        }
    }
    if (!found) {
        return 0;
    }
    unsigned char flags[4];
    static const int flag_items[4] = {1, 2, 3, 5};
    for (int i = 0; i < 4; i++) {
        PyObject *flag = PyTuple_GET_ITEM(info, flag_items[i]);
        if (flag != Py_True && flag != Py_False) {
            return 0;
        }
        flags[i] = flag == Py_True;
    }
    PyObject *trim_object = PyTuple_GET_ITEM(info, 4);
    if (!PyLong_CheckExact(trim_object)) {
        return 0;
    }
    int overflow = 0;
    long value = PyLong_AsLongAndOverflow(trim_object, &overflow);
    if (overflow || value < 0 || value >= size) {
        return 0;
    }
    /* name_like, all_capitals, place, dotted */
    token->weak = flags[0];
    token->all_capitals = flags[1];
    token->place = flags[2];
    *dotted = flags[3];
    *trim = (Py_ssize_t)value;
    return 1;
}

/* Status codes of scan_text: an error is set, or a word's cached information has a shape
 * that scan_text cannot read. */
#define SCAN_ERROR (-1)
#define SCAN_DECLINED (-2)

/* The loop of scan(), inlined once for each string kind like scan_words. Append the spans to
 * `spans` and return 0, or SCAN_ERROR or SCAN_DECLINED. */
static inline Py_ALWAYS_INLINE int
scan_text(const Callbacks *callbacks, PyObject *text, PyObject *seen, int kind,
          const void *data, Py_ssize_t length, Group *group, PyObject *spans)
{
    /* The line that names._tokens last read for an all-capital word: the position of its
     * line break and whether it has no small letter. Tokens come in order, so one line is
     * enough to read each line once. */
    Py_ssize_t line_end = -1;
    int capitals_line = 0;
    Py_ssize_t position = 0;
    while (position < length) {
        if (!(class_of(PyUnicode_READ(kind, data, position)) & CAPITAL)) {
            position++;
            continue;
        }
        Py_ssize_t start = position;
        Py_ssize_t end = match_end(kind, data, length, start);
        position = end;
        if (start > 0) {
            Py_UCS4 before = PyUnicode_READ(kind, data, start - 1);
            int alnum = before < 0x80 ? class_of(before) & (LETTER | DIGIT)
                                      : Py_UNICODE_ISALNUM(before);
            if (alnum || before == '\'' || before == RIGHT_QUOTE) {
                continue;
            }
        }
        if (end - start == 1 && (end >= length || PyUnicode_READ(kind, data, end) != '.')) {
            continue;
        }
        uint32_t hash = safe_word_hash(kind, data, start, end);
        /* A scan that a callback ran, here or in another thread, may have refilled the table
         * from another dict, whose safe words this scan must not skip. */
        if (seen == safe_owner && safe_word_known(kind, data, start, end, hash)) {
            continue;
        }
        PyObject *word = PyUnicode_Substring(text, start, end);
        if (word == NULL) {
            return SCAN_ERROR;
        }
        PyObject *info = PyDict_GetItemWithError(seen, word);
        int cached = 1;
        if (info != NULL) {
            Py_INCREF(info);
        }
        else if (PyErr_Occurred()) {
            Py_DECREF(word);
            return SCAN_ERROR;
        }
        else {
            info = PyObject_Vectorcall(callbacks->word_info, &word, 1, NULL);
            cached = PyDict_GET_SIZE(seen) < seen_limit;
            if (info == NULL || (cached && PyDict_SetItem(seen, word, info) < 0)) {
                Py_XDECREF(info);
                Py_DECREF(word);
                return SCAN_ERROR;
            }
        }
        if (info == Py_None) {
            if (cached) {
                safe_word_store(seen, kind, data, start, end, hash);
            }
            Py_DECREF(info);
            Py_DECREF(word);
            continue;
        }
        Token token;
        Py_ssize_t trim = 0;
        int dotted = 0;
        int readable = read_word_info(callbacks, info, end - start, &token, &trim, &dotted);
        Py_DECREF(info);
        if (!readable) {
            Py_DECREF(word);
            return SCAN_DECLINED;
        }
        int name_like = token.weak;
        token.start = start;
        token.end = end - trim;
        if (dotted) {
            if (token.end < length && PyUnicode_READ(kind, data, token.end) == '.') {
                token.end++;
            }
            else if (name_like && end - start == 1) {
                /* An initial without its period. */
                Py_DECREF(word);
                continue;
            }
        }
        token.abbreviation = 0;
        if (token.all_capitals) {
            if (start > line_end) {
                line_end = start;
                while (line_end < length && PyUnicode_READ(kind, data, line_end) != '\n') {
                    line_end++;
                }
                Py_ssize_t line_start = start;
                while (line_start > 0 && PyUnicode_READ(kind, data, line_start - 1) != '\n') {
                    line_start--;
                }
                capitals_line = 1;
                for (Py_ssize_t i = line_start; i < line_end; i++) {
                    if (class_of(PyUnicode_READ(kind, data, i)) & SMALL) {
                        capitals_line = 0;
                        break;
                    }
                }
            }
            token.abbreviation = !capitals_line;
        }
        if (trim || eponym_may_follow(kind, data, length, end)) {
            PyObject *start_object = PyLong_FromSsize_t(start);
            PyObject *end_object = start_object ? PyLong_FromSsize_t(end) : NULL;
            PyObject *result = NULL;
            if (end_object != NULL) {
                PyObject *call_args[4] = {text, word, start_object, end_object};
                result = PyObject_Vectorcall(callbacks->is_eponym, call_args, 4, NULL);
            }
            Py_XDECREF(start_object);
            Py_XDECREF(end_object);
            int eponym = result ? PyObject_IsTrue(result) : -1;
            Py_XDECREF(result);
            if (eponym < 0) {
                Py_DECREF(word);
                return SCAN_ERROR;
            }
            if (eponym) {
                Py_DECREF(word);
                continue;
            }
        }
        Py_DECREF(word);
        token.weak = name_like || token.abbreviation;
        token.masked = token.word_class == CLASS_UNKNOWN && !token.weak;
        if (group->count > 0) {
            Py_ssize_t previous_end = group->tokens[group->count - 1].end;
            int joined = (start == previous_end + 1 &&
                          PyUnicode_READ(kind, data, previous_end) == ' ') ||
                         join_matches(kind, data, previous_end, start);
            if (!joined) {
                if (add_masked_runs(callbacks, text, kind, data, length, group, spans) < 0) {
                    return SCAN_ERROR;
                }
                group->count = 0;
            }
        }
        if (group_push(group, &token) < 0) {
            return SCAN_ERROR;
        }
    }
    if (group->count > 0 &&
        add_masked_runs(callbacks, text, kind, data, length, group, spans) < 0) {
        return SCAN_ERROR;
    }
    return 0;
}

static PyObject *
scan(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "scan() takes 2 arguments, got %zd", nargs);
        return NULL;
    }
    PyObject *text = args[0];
    PyObject *seen = args[1];
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "text must be str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (!PyDict_Check(seen)) {
        PyErr_Format(PyExc_TypeError, "seen must be dict, not %.100s", Py_TYPE(seen)->tp_name);
        return NULL;
    }
    if (configuration == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "scan() needs configure() to be called first");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    PyObject *held = configuration;
    Py_INCREF(held);
    Callbacks callbacks = {
        .span_type = PyTuple_GET_ITEM(held, CONFIG_SPAN_TYPE),
        .kind_name = PyTuple_GET_ITEM(held, CONFIG_KIND_NAME),
        .kind_city = PyTuple_GET_ITEM(held, CONFIG_KIND_CITY),
        .source = PyTuple_GET_ITEM(held, CONFIG_SOURCE),
        .classes = {PyTuple_GET_ITEM(held, CONFIG_SAFE), PyTuple_GET_ITEM(held, CONFIG_NAME_LIKE),
                    PyTuple_GET_ITEM(held, CONFIG_UNKNOWN)},
        .word_info = PyTuple_GET_ITEM(held, CONFIG_WORD_INFO),
        .is_eponym = PyTuple_GET_ITEM(held, CONFIG_IS_EPONYM),
        .is_english_word = PyTuple_GET_ITEM(held, CONFIG_IS_ENGLISH_WORD),
        .follows_city_preposition = PyTuple_GET_ITEM(held, CONFIG_FOLLOWS_CITY_PREPOSITION),
        .state_after_match = PyTuple_GET_ITEM(held, CONFIG_STATE_AFTER_MATCH),
        .add_masked_runs = PyTuple_GET_ITEM(held, CONFIG_ADD_MASKED_RUNS),
        .add_runs = PyTuple_GET_ITEM(held, CONFIG_ADD_RUNS),
        .cue_before_words = PyTuple_GET_ITEM(held, CONFIG_CUE_BEFORE_WORDS),
    };
    PyObject *spans = PyList_New(0);
    if (spans == NULL) {
        Py_DECREF(held);
        return NULL;
    }
    safe_words_check_owner(seen);
    Group group = {NULL, NULL, 0, 0};
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int status;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        status = scan_text(&callbacks, text, seen, PyUnicode_1BYTE_KIND, data, length, &group,
                           spans);
        break;
    case PyUnicode_2BYTE_KIND:
        status = scan_text(&callbacks, text, seen, PyUnicode_2BYTE_KIND, data, length, &group,
                           spans);
        break;
    default:
        status = scan_text(&callbacks, text, seen, PyUnicode_4BYTE_KIND, data, length, &group,
                           spans);
        break;
    }
    PyMem_Free(group.tokens);
    PyMem_Free(group.masked);
    Py_DECREF(held);
    if (seen == safe_owner) {
        safe_owner_size = PyDict_GET_SIZE(seen);
    }
    if (status == SCAN_ERROR) {
        Py_DECREF(spans);
        return NULL;
    }
    if (status == SCAN_DECLINED) {
        Py_DECREF(spans);
        Py_RETURN_NONE;
    }
    return spans;
}

/* Copy the eponym heads into `heads`, once all of them are checked, so that a failed call
 * leaves the heads of the last configure() call. Return 0, or -1 with an exception set. */
static int
store_heads(PyObject *iterable)
{
    PyObject *items = PySequence_Fast(iterable, "eponym heads must be iterable");
    if (items == NULL) {
        return -1;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(items);
    if (count > HEADS_MAX) {
        PyErr_Format(PyExc_ValueError, "too many eponym heads: %zd, at most %d", count,
                     HEADS_MAX);
        Py_DECREF(items);
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *head = PySequence_Fast_GET_ITEM(items, i);
        Py_ssize_t size = 0;
        const char *letters = PyUnicode_Check(head) ? PyUnicode_AsUTF8AndSize(head, &size) : NULL;
        int valid = letters != NULL && size > 0 && size < HEAD_SIZE;
        for (Py_ssize_t j = 0; valid && j < size; j++) {
            valid = letters[j] >= 'a' && letters[j] <= 'z';
        }
        if (!valid) {
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError,
                         "invalid eponym head %R: expected 1 to %d small ASCII letters", head,
                         HEAD_SIZE - 1);
            Py_DECREF(items);
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t size = 0;
        const char *letters = PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(items, i), &size);
        if (letters == NULL || size <= 0 || size >= HEAD_SIZE) {
            /* Each head was read and checked above, so this should not happen. */
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_RuntimeError, "an eponym head changed while it was read");
            }
            Py_DECREF(items);
            return -1;
        }
        memcpy(heads[i], letters, (size_t)size + 1);
        head_sizes[i] = (size_t)size;
    }
    head_count = count;
    Py_DECREF(items);
    return 0;
}

static PyObject *
configure(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != CONFIG_SIZE) {
        PyErr_Format(PyExc_TypeError, "configure() takes %d arguments, got %zd", CONFIG_SIZE,
                     nargs);
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[CONFIG_SEEN_LIMIT]);
    if (limit == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (!PyFrozenSet_CheckExact(args[CONFIG_CUE_BEFORE_WORDS])) {
        PyErr_SetString(PyExc_TypeError, "cue_before_words must be a frozenset");
        return NULL;
    }
    if (!PyType_Check(args[CONFIG_SPAN_TYPE])) {
        PyErr_SetString(PyExc_TypeError, "span_type must be a type");
        return NULL;
    }
    static const int callables[] = {CONFIG_WORD_INFO,       CONFIG_IS_EPONYM,
                                    CONFIG_IS_ENGLISH_WORD, CONFIG_FOLLOWS_CITY_PREPOSITION,
                                    CONFIG_STATE_AFTER_MATCH, CONFIG_ADD_MASKED_RUNS,
                                    CONFIG_ADD_RUNS};
    for (size_t i = 0; i < sizeof(callables) / sizeof(callables[0]); i++) {
        if (!PyCallable_Check(args[callables[i]])) {
            PyErr_Format(PyExc_TypeError, "configure() argument %d must be callable",
                         callables[i] + 1);
            return NULL;
        }
    }
    PyObject *stored = PyTuple_New(CONFIG_SIZE);
    if (stored == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < CONFIG_SIZE; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(stored, i, args[i]);
    }
    if (store_heads(args[CONFIG_EPONYM_HEADS]) < 0) {
        Py_DECREF(stored);
        return NULL;
    }
    Py_ssize_t offsets[4];
    if (find_span_slots(args[CONFIG_SPAN_TYPE], offsets) < 0) {
        Py_DECREF(stored);
        return NULL;
    }
    memcpy(span_offsets, offsets, sizeof(offsets));
    seen_limit = limit;
    Py_XSETREF(configuration, stored);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"candidates", (PyCFunction)(void (*)(void))candidates, METH_FASTCALL,
     "candidates(text, seen) -> list of (word, start, end) for the capitalized words that the "
     "name scan must still read."},
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(text, seen) -> list of the spans of names.NameScanner.find, or None where the Python "
     "scan must run."},
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL,
     "configure(span_type, name_kind, city_kind, source, safe, name_like, unknown, word_info, "
     "seen_limit, is_eponym, eponym_heads, is_english_word, follows_city_preposition, "
     "state_after_match, add_masked_runs, add_runs) stores what scan() builds spans with and "
     "calls back."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT,
    .m_name = "phigate.masking._words",
    .m_doc = "The capitalized-word loop of the name scan, in C.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__words(void)
{
    fill_classes();
    return PyModule_Create(&module_definition);
}
