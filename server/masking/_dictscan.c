/* The per-note loops of the identifier dictionary (phigate.masking.dictionary), in C.
 *
 * Words(heads, eponym_heads, name_kind, span_type, source) contains the keys of an ASCII dictionary
 * matcher grouped by their first word. Its find(text) reads an ASCII note once. It splits
 * the case-folded note into runs of letters and digits and looks each run up in a hash table
 * of first words. Then it compares each key that begins with a run's word against the
 * normalized note.
 * A run that equals a word is exactly where the ``_gates`` matcher reports the word's padded
 * head, so neither a padded copy nor a list of starts is built. find returns what
 * the loop of _AsciiMatcher._python_find builds before its rare keys: the spans, the (index,
 * rule) pairs that _name_in_context must confirm, whether the spans are ordered by end, and
 * the anchors that _drop_unconfirmed reads when there is something to confirm.
 *
 * Numbers(numbers, heads, width, span_type, source) contains the stored phone, fax and SSN
 * digits. Its find(text) runs IdentifierDictionary._find_numbers on an ASCII note: it
 * finds the chains of the pattern _NUMBER_CHAIN itself, skips those with no stored head, and
 * joins the digit groups of the rest.
 *
 * Both return None for a note that is not ASCII, and the caller runs the Python loop. Each
 * object is immutable once built, so a Python call made while a span is built (Span.__init__
 * where the span class is not the expected slots class) cannot change what a scan reads.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

#include "_ascii.h"

/* The rules of dictionary._Rule. */
#define RULE_NAME_PART 2
#define RULE_ALWAYS 3
/* dictionary._MIN_FIRST_GROUP, _MAX_NUMBER_DIGITS and _MAX_NUMBER_GAP. */
#define MIN_FIRST_GROUP 3
#define MAX_NUMBER_DIGITS 15
#define MAX_NUMBER_GAP 3
/* 10 ** MAX_HEAD_WIDTH still fits a uint64_t. */
#define MAX_HEAD_WIDTH 18

/* ASCII letters and digits map to their lower case, every other byte to a space: the table
 * dictionary._ASCII_FOLD_NORMALIZE for the ASCII bytes. */
static unsigned char fold_normalize[128];

/* A code per byte for the table of the first two characters of head words. Each letter,
 * in either case, and each digit has its own code. Every other byte, and the missing second
 * character of a one-character word, has PAIR_CODES - 1. Only ASCII is ever read. */
#define PAIR_CODES 37
static unsigned char pair_code[128];

static void
fill_fold_normalize(void)
{
    for (int byte = 0; byte < 128; byte++) {
        if (byte >= 'A' && byte <= 'Z') {
            fold_normalize[byte] = (unsigned char)(byte - 'A' + 'a');
        }
        else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
            fold_normalize[byte] = (unsigned char)byte;
        }
        else {
            fold_normalize[byte] = ' ';
        }
        if (byte >= 'a' && byte <= 'z') {
            pair_code[byte] = (unsigned char)(byte - 'a');
        }
        else if (byte >= 'A' && byte <= 'Z') {
            pair_code[byte] = (unsigned char)(byte - 'A');
        }
        else if (byte >= '0' && byte <= '9') {
            pair_code[byte] = (unsigned char)(26 + byte - '0');
        }
        else {
            pair_code[byte] = PAIR_CODES - 1;
        }
    }
}

static inline uint64_t
mix(uint64_t value)
{
    /* The finalizer of splitmix64, so that keys which differ in low digits spread. */
    value ^= value >> 30;
    value *= UINT64_C(0xbf58476d1ce4e5b9);
    value ^= value >> 27;
    value *= UINT64_C(0x94d049bb133111eb);
    value ^= value >> 31;
    return value;
}

/* Return the smallest power of two of at least twice `count`, or 0 when it would overflow. */
static size_t
table_size_for(Py_ssize_t count)
{
    size_t size = 8;
    while (size < (size_t)count * 2) {
        if (size > ((size_t)PY_SSIZE_T_MAX >> 2) / sizeof(uint64_t)) {
            return 0;
        }
        size <<= 1;
    }
    return size;
}

/* ------------------------------------------------------------------------------------------
 * Spans
 *
 * A span is built the way Span(start, end, kind, source) builds it. Where the class is a
 * plain slots class, as the dataclass spans.Span is, the object is allocated and its four
 * slots are filled directly. Span.__init__ does only that after its bounds check, which every
 * span built here passes, so this skips one Python call per span. Any other class, or bounds
 * that fail the check, goes through an ordinary call.
 */

typedef struct {
    PyObject *type;
    PyObject *source;
    /* The offsets of the slots start, end, kind and source, used when direct is set. */
    Py_ssize_t offsets[4];
    int direct;
} SpanMaker;

/* Return the offset of the writable object slot `name` that `type` itself defines, or -1.
 * Returns -2 on an error other than a missing attribute. */
static Py_ssize_t
slot_offset(PyTypeObject *type, const char *name)
{
    PyObject *descriptor = PyObject_GetAttrString((PyObject *)type, name);
    if (descriptor == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) {
            return -2;
        }
        PyErr_Clear();
        return -1;
    }
    Py_ssize_t offset = -1;
    if (Py_IS_TYPE(descriptor, &PyMemberDescr_Type)) {
        PyMemberDescrObject *member = (PyMemberDescrObject *)descriptor;
        const PyMemberDef *definition = member->d_member;
        if (member->d_common.d_type == type && definition->type == T_OBJECT_EX &&
            !(definition->flags & READONLY) && definition->offset >= (Py_ssize_t)sizeof(PyObject) &&
            definition->offset <= type->tp_basicsize - (Py_ssize_t)sizeof(PyObject *)) {
            offset = definition->offset;
        }
    }
    Py_DECREF(descriptor);
    return offset;
}

static int
span_maker_init(SpanMaker *maker, PyObject *type, PyObject *source)
{
    static const char *const names[4] = {"start", "end", "kind", "source"};
    if (!PyType_Check(type)) {
        PyErr_Format(PyExc_TypeError, "span_type must be a class, not %.100s",
                     Py_TYPE(type)->tp_name);
        return -1;
    }
    maker->type = Py_NewRef(type);
    maker->source = Py_NewRef(source);
    PyTypeObject *span_type = (PyTypeObject *)type;
    /* A class with its own __new__ or variable-size instances is called as usual. */
    maker->direct = span_type->tp_new == PyBaseObject_Type.tp_new && span_type->tp_itemsize == 0 &&
                    span_type->tp_alloc != NULL;
    for (int i = 0; i < 4 && maker->direct; i++) {
        Py_ssize_t offset = slot_offset(span_type, names[i]);
        if (offset == -2) {
            return -1;
        }
        maker->offsets[i] = offset;
        if (offset < 0) {
            maker->direct = 0;
        }
    }
    return 0;
}

static void
span_maker_clear(SpanMaker *maker)
{
    Py_CLEAR(maker->type);
    Py_CLEAR(maker->source);
}

/* Append the span (start, end, kind, source) to `spans`. Returns 0, or -1 on error. */
static int
append_span(const SpanMaker *maker, PyObject *spans, Py_ssize_t start, Py_ssize_t end,
            PyObject *kind)
{
    PyObject *start_object = PyLong_FromSsize_t(start);
    PyObject *end_object = PyLong_FromSsize_t(end);
    PyObject *span = NULL;
    if (start_object == NULL || end_object == NULL) {
        goto done;
    }
    if (maker->direct && 0 <= start && start < end) {
        PyTypeObject *type = (PyTypeObject *)maker->type;
        span = type->tp_alloc(type, 0);
        if (span == NULL) {
            goto done;
        }
        PyObject *values[4] = {start_object, end_object, kind, maker->source};
        for (int i = 0; i < 4; i++) {
            /* A new object's slots are NULL, so nothing is replaced. */
            *(PyObject **)((char *)span + maker->offsets[i]) = Py_NewRef(values[i]);
        }
    }
    else {
        PyObject *arguments[4] = {start_object, end_object, kind, maker->source};
        span = PyObject_Vectorcall(maker->type, arguments, 4, NULL);
        if (span == NULL) {
            goto done;
        }
    }
done:
    Py_XDECREF(start_object);
    Py_XDECREF(end_object);
    if (span == NULL) {
        return -1;
    }
    int appended = PyList_Append(spans, span);
    Py_DECREF(span);
    return appended;
}

/* Return the bytes of an ASCII note, or NULL with *declined set when it is not ASCII. */
static const unsigned char *
ascii_data(PyObject *text, Py_ssize_t *length, int *declined)
{
    *declined = 0;
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "find() expects str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    if (!PyUnicode_IS_ASCII(text)) {
        *declined = 1;
        return NULL;
    }
    *length = PyUnicode_GET_LENGTH(text);
    return PyUnicode_1BYTE_DATA(text);
}

/* Copy an ASCII str into a new NUL-terminated buffer. Returns NULL on error. */
static char *
copy_ascii(PyObject *value, const char *what, Py_ssize_t *length)
{
    if (!PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "%s must be str, not %.100s", what, Py_TYPE(value)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(value) < 0) {
        return NULL;
    }
#endif
    if (!PyUnicode_IS_ASCII(value)) {
        PyErr_Format(PyExc_ValueError, "%s must be ASCII: %R", what, value);
        return NULL;
    }
    *length = PyUnicode_GET_LENGTH(value);
    char *copy = PyMem_Malloc((size_t)*length + 1);
    if (copy == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(copy, PyUnicode_1BYTE_DATA(value), (size_t)*length + 1);
    return copy;
}

/* ------------------------------------------------------------------------------------------
 * Words
 */

typedef struct {
    char *padded; /* the padded key, " " + normalized key + " " */
    Py_ssize_t padded_length;
    Py_ssize_t length; /* the characters of the note that a match covers */
    int capital;       /* counts only when the note capitalizes the match */
    int rule;
    PyObject *kind;
    int name; /* kind equals the name kind, so the match is an anchor for its neighbors */
} Key;

typedef struct {
    char *word;
    Py_ssize_t length;
    uint64_t hash;
    int eponym;          /* an eponym head, as "disease" */
    int listed;          /* given in the heads argument */
    Py_ssize_t alone;    /* the key that is the word alone, into Words.keys, or -1 */
    Py_ssize_t first;    /* the longer keys, shortest first, into Words.keys */
    Py_ssize_t count;
} Head;

/* A slot of the head table: the high half of the word's hash, so that most lookups of other
 * words stop without reading a head, and the head's index, or -1 for a free slot. */
typedef struct {
    uint32_t check;
    int32_t index;
} HeadSlot;

typedef struct {
    PyObject_HEAD
    SpanMaker spans;
    Head *heads;
    Py_ssize_t head_count;
    Key *keys;
    Py_ssize_t key_count;
    /* Open addressing from a word's hash to its head. */
    HeadSlot *table;
    size_t table_mask;
    Py_ssize_t max_word;
    /* Bit n is set when a head word has n characters, for n below 64. */
    uint64_t lengths;
    /* Set for the pair codes of the first two characters of every head word. */
    unsigned char pairs[PAIR_CODES * PAIR_CODES];
} Words;

/* FNV-1a over the bytes of a word, finished with mix. */
static inline uint64_t
hash_word(const unsigned char *word, Py_ssize_t length)
{
    uint64_t hash = UINT64_C(0xcbf29ce484222325);
    for (Py_ssize_t i = 0; i < length; i++) {
        hash = (hash ^ word[i]) * UINT64_C(0x100000001b3);
    }
    return mix(hash);
}

static void
Words_dealloc(Words *self)
{
    for (Py_ssize_t i = 0; i < self->head_count; i++) {
        PyMem_Free(self->heads[i].word);
    }
    for (Py_ssize_t i = 0; i < self->key_count; i++) {
        PyMem_Free(self->keys[i].padded);
        Py_XDECREF(self->keys[i].kind);
    }
    PyMem_Free(self->heads);
    PyMem_Free(self->keys);
    PyMem_Free(self->table);
    span_maker_clear(&self->spans);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Read one key tuple (padded, length, capital, rule, kind) into `key`. */
static int
read_key(PyObject *item, PyObject *name_kind, Key *key)
{
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "a key must be a tuple (padded, length, capital, rule, kind)");
        return -1;
    }
    key->padded = copy_ascii(PyTuple_GET_ITEM(item, 0), "a padded key", &key->padded_length);
    if (key->padded == NULL) {
        return -1;
    }
    key->length = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 1));
    if (key->length == -1 && PyErr_Occurred()) {
        return -1;
    }
    /* A match of the padded key ends inside the note only when its length leaves out the
     * two pads. */
    if (key->length < 1 || key->length > key->padded_length - 2) {
        PyErr_Format(PyExc_ValueError, "invalid key length %zd for a padded key of %zd characters",
                     key->length, key->padded_length);
        return -1;
    }
    key->capital = PyObject_IsTrue(PyTuple_GET_ITEM(item, 2));
    if (key->capital < 0) {
        return -1;
    }
    long rule = PyLong_AsLong(PyTuple_GET_ITEM(item, 3));
    if (rule == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (rule < 0 || rule > RULE_ALWAYS) {
        PyErr_Format(PyExc_ValueError, "invalid rule %ld", rule);
        return -1;
    }
    key->rule = (int)rule;
    key->kind = Py_NewRef(PyTuple_GET_ITEM(item, 4));
    key->name = PyObject_RichCompareBool(key->kind, name_kind, Py_EQ);
    return key->name < 0 ? -1 : 0;
}

/* Add a head for `word`, or return the one it has. Returns its index, or -1 on error. */
static Py_ssize_t
add_head(Words *self, PyObject *word)
{
    Py_ssize_t length;
    char *copy = copy_ascii(word, "a head word", &length);
    if (copy == NULL) {
        return -1;
    }
    uint64_t hash = hash_word((const unsigned char *)copy, length);
    size_t slot = (size_t)hash & self->table_mask;
    while (self->table[slot].index >= 0) {
        const Head *head = &self->heads[self->table[slot].index];
        if (head->hash == hash && head->length == length &&
            memcmp(head->word, copy, (size_t)length) == 0) {
            PyMem_Free(copy);
            return self->table[slot].index;
        }
        slot = (slot + 1) & self->table_mask;
    }
    Py_ssize_t index = self->head_count++;
    Head *head = &self->heads[index];
    head->word = copy;
    head->length = length;
    head->hash = hash;
    head->eponym = 0;
    head->listed = 0;
    head->alone = -1;
    head->first = 0;
    head->count = 0;
    self->table[slot].check = (uint32_t)(hash >> 32);
    self->table[slot].index = (int32_t)index;
    if (length > self->max_word) {
        self->max_word = length;
    }
    if (length < 64) {
        self->lengths |= UINT64_C(1) << length;
    }
    if (length > 0) {
        unsigned second = length > 1 ? pair_code[(unsigned char)copy[1]] : PAIR_CODES - 1;
        self->pairs[pair_code[(unsigned char)copy[0]] * PAIR_CODES + second] = 1;
    }
    return index;
}

/* Read the keys of one (word, alone, longer) item into the head at `index`. */
static int
read_head_keys(Words *self, Py_ssize_t index, PyObject *alone, PyObject *longer,
               PyObject *name_kind)
{
    Head *head = &self->heads[index];
    if (head->listed) {
        PyErr_Format(PyExc_ValueError, "the head word %s is given twice", head->word);
        return -1;
    }
    head->listed = 1;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(longer);
    Py_ssize_t needed = (alone != Py_None) + count;
    if (needed > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(Key) - self->key_count) {
        PyErr_NoMemory();
        return -1;
    }
    Key *keys = PyMem_Realloc(self->keys, (size_t)(self->key_count + needed) * sizeof(Key));
    if (keys == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->keys = keys;
    if (alone != Py_None) {
        Key *key = &self->keys[self->key_count];
        memset(key, 0, sizeof *key);
        self->key_count++;
        if (read_key(alone, name_kind, key) < 0) {
            return -1;
        }
        if (key->padded_length != head->length + 2 || key->padded[0] != ' ' ||
            memcmp(key->padded + 1, head->word, (size_t)head->length) != 0 ||
            key->padded[head->length + 1] != ' ') {
            PyErr_Format(PyExc_ValueError, "the key %s is not the head word %s alone",
                         key->padded, head->word);
            return -1;
        }
        head->alone = self->key_count - 1;
    }
    head->first = self->key_count;
    for (Py_ssize_t i = 0; i < count; i++) {
        Key *key = &self->keys[self->key_count];
        memset(key, 0, sizeof *key);
        self->key_count++;
        if (read_key(PySequence_Fast_GET_ITEM(longer, i), name_kind, key) < 0) {
            return -1;
        }
    }
    head->count = count;
    return 0;
}

static int
read_heads(Words *self, PyObject *heads, PyObject *eponyms, PyObject *name_kind)
{
    Py_ssize_t total = PySequence_Fast_GET_SIZE(heads) + PySequence_Fast_GET_SIZE(eponyms);
    size_t size = table_size_for(total);
    if (size == 0 || total > INT32_MAX || (size_t)total > SIZE_MAX / sizeof(Head)) {
        PyErr_NoMemory();
        return -1;
    }
    self->heads = PyMem_Malloc((total ? (size_t)total : 1) * sizeof(Head));
    self->table = PyMem_Malloc(size * sizeof(HeadSlot));
    if (self->heads == NULL || self->table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t slot = 0; slot < size; slot++) {
        self->table[slot].check = 0;
        self->table[slot].index = -1;
    }
    self->table_mask = size - 1;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(heads); i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(heads, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 3) {
            PyErr_SetString(PyExc_TypeError, "a head must be a tuple (word, alone, longer)");
            return -1;
        }
        PyObject *longer = PySequence_Fast(PyTuple_GET_ITEM(item, 2), "longer keys must be a sequence");
        if (longer == NULL) {
            return -1;
        }
        Py_ssize_t index = add_head(self, PyTuple_GET_ITEM(item, 0));
        int read = index < 0 ? -1
                             : read_head_keys(self, index, PyTuple_GET_ITEM(item, 1), longer,
                                              name_kind);
        Py_DECREF(longer);
        if (read < 0) {
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(eponyms); i++) {
        Py_ssize_t index = add_head(self, PySequence_Fast_GET_ITEM(eponyms, i));
        if (index < 0) {
            return -1;
        }
        self->heads[index].eponym = 1;
    }
    return 0;
}

static PyObject *
Words_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"heads", "eponym_heads", "name_kind", "span_type", "source",
                               NULL};
    PyObject *heads_argument, *eponyms_argument, *name_kind, *span_type, *source;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOOU:Words", keywords, &heads_argument,
                                     &eponyms_argument, &name_kind, &span_type, &source)) {
        return NULL;
    }
    PyObject *heads = PySequence_Fast(heads_argument, "heads must be a sequence");
    if (heads == NULL) {
        return NULL;
    }
    PyObject *eponyms = PySequence_Fast(eponyms_argument, "eponym_heads must be a sequence");
    if (eponyms == NULL) {
        Py_DECREF(heads);
        return NULL;
    }
    Words *self = (Words *)type->tp_alloc(type, 0);
    if (self == NULL || span_maker_init(&self->spans, span_type, source) < 0 ||
        read_heads(self, heads, eponyms, name_kind) < 0) {
        Py_XDECREF(self);
        self = NULL;
    }
    Py_DECREF(heads);
    Py_DECREF(eponyms);
    return (PyObject *)self;
}

/* A start of a key head found in one note: where the pad before the word lies. */
typedef struct {
    Py_ssize_t start;
    Py_ssize_t head;
} HeadStart;

/* Per note: the starts of key heads, and the places before eponym heads where a name part
 * ending there could be an eponym (NULL until the note has an eponym head). */
typedef struct {
    HeadStart *starts;
    Py_ssize_t start_count;
    Py_ssize_t start_capacity;
    unsigned char *eponym_ends;
} NoteScan;

static void
note_scan_free(NoteScan *scan)
{
    PyMem_Free(scan->starts);
    PyMem_Free(scan->eponym_ends);
}

/* Return the head whose word is text[start:start + length] case-folded, or -1. */
static Py_ssize_t
find_folded_head(const Words *self, const unsigned char *text, Py_ssize_t start,
                 Py_ssize_t length)
{
    if (length < 64 ? !((self->lengths >> length) & 1) : length > self->max_word) {
        return -1;
    }
    unsigned second = length > 1 ? pair_code[text[start + 1]] : PAIR_CODES - 1;
    if (!self->pairs[pair_code[text[start]] * PAIR_CODES + second]) {
        return -1;
    }
    uint64_t hash = UINT64_C(0xcbf29ce484222325);
    for (Py_ssize_t i = start; i < start + length; i++) {
        hash = (hash ^ fold_normalize[text[i]]) * UINT64_C(0x100000001b3);
    }
    hash = mix(hash);
    size_t slot = (size_t)hash & self->table_mask;
    uint32_t check = (uint32_t)(hash >> 32);
    for (;;) {
        int32_t index = self->table[slot].index;
        if (index < 0) {
            return -1;
        }
        const Head *head = &self->heads[index];
        if (self->table[slot].check == check && head->length == length) {
            Py_ssize_t i = 0;
            while (i < length && fold_normalize[text[start + i]] == (unsigned char)head->word[i]) {
                i++;
            }
            if (i == length) {
                return index;
            }
        }
        slot = (slot + 1) & self->table_mask;
    }
}

/* Mark where the blanks before the eponym head at `word_start` begin, as _eponym_ends does. */
static int
mark_eponym_end(NoteScan *scan, const unsigned char *text, Py_ssize_t length,
                Py_ssize_t word_start)
{
    Py_ssize_t blanks = word_start;
    while (blanks > 0 && (text[blanks - 1] == ' ' || text[blanks - 1] == '\t')) {
        blanks--;
    }
    if (blanks == word_start) {
        return 0;
    }
    if (scan->eponym_ends == NULL) {
        scan->eponym_ends = PyMem_Calloc((size_t)length + 1, 1);
        if (scan->eponym_ends == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    scan->eponym_ends[blanks] = 1;
    return 0;
}

/* Find the words of the note that are heads: the key heads' starts, which come in order,
 * and the eponym ends. The words are the runs of letters and digits, which are the runs
 * between the spaces of the normalized note. */
static int
read_note(const Words *self, const unsigned char *text, Py_ssize_t length, NoteScan *scan)
{
    memset(scan, 0, sizeof *scan);
    Py_ssize_t i = 0;
    for (;;) {
        while (i < length && fold_normalize[text[i]] == ' ') {
            i++;
        }
        if (i >= length) {
            return 0;
        }
        Py_ssize_t word_start = i;
        while (i < length && fold_normalize[text[i]] != ' ') {
            i++;
        }
        Py_ssize_t index = find_folded_head(self, text, word_start, i - word_start);
        if (index < 0) {
            continue;
        }
        const Head *head = &self->heads[index];
        if (head->eponym && mark_eponym_end(scan, text, length, word_start) < 0) {
            return -1;
        }
        if (head->alone < 0 && head->count == 0) {
            continue;
        }
        if (scan->start_count == scan->start_capacity) {
            /* At most one word starts in every two characters. */
            Py_ssize_t capacity = scan->start_capacity ? scan->start_capacity * 2 : 16;
            if (capacity > length / 2 + 1) {
                capacity = length / 2 + 1;
            }
            HeadStart *grown = PyMem_Realloc(scan->starts, (size_t)capacity * sizeof(HeadStart));
            if (grown == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            scan->starts = grown;
            scan->start_capacity = capacity;
        }
        /* In the padded note, the pad before the word is at word_start. */
        scan->starts[scan->start_count].start = word_start;
        scan->starts[scan->start_count].head = index;
        scan->start_count++;
    }
}

/* Return whether the padded key matches the padded, normalized note at `start`. */
static int
key_matches(const Key *key, const unsigned char *text, Py_ssize_t length, Py_ssize_t start)
{
    if (key->padded_length > length + 2 - start) {
        return 0;
    }
    for (Py_ssize_t j = 0; j < key->padded_length; j++) {
        /* Byte `at` of the padded note is a pad or text[at - 1] normalized. */
        Py_ssize_t at = start + j;
        unsigned char byte = at == 0 || at == length + 1 ? ' ' : fold_normalize[text[at - 1]];
        if (byte != (unsigned char)key->padded[j]) {
            return 0;
        }
    }
    return 1;
}

/* Return whether a name part ending at `end` may be an eponym: the eponym ends of
 * _AsciiMatcher._python_find, which include every apostrophe. */
static inline int
may_be_eponym(const NoteScan *scan, const unsigned char *text, Py_ssize_t length, Py_ssize_t end)
{
    return (scan->eponym_ends != NULL && scan->eponym_ends[end]) ||
           (end < length && text[end] == '\'');
}

/* The bounds of one note's name matches, for the anchors of _drop_unconfirmed. */
typedef struct {
    Py_ssize_t *bounds; /* start and end of each match */
    Py_ssize_t count;
    Py_ssize_t capacity;
} Anchors;

static int
add_anchor(Anchors *anchors, Py_ssize_t start, Py_ssize_t end)
{
    if (anchors->count == anchors->capacity) {
        Py_ssize_t capacity = anchors->capacity ? anchors->capacity * 2 : 16;
        if (capacity > PY_SSIZE_T_MAX / (2 * (Py_ssize_t)sizeof(Py_ssize_t))) {
            PyErr_NoMemory();
            return -1;
        }
        Py_ssize_t *grown =
            PyMem_Realloc(anchors->bounds, (size_t)capacity * 2 * sizeof(Py_ssize_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        anchors->bounds = grown;
        anchors->capacity = capacity;
    }
    anchors->bounds[2 * anchors->count] = start;
    anchors->bounds[2 * anchors->count + 1] = end;
    anchors->count++;
    return 0;
}

/* Return the tuple (ends, starts) of sets that _drop_unconfirmed builds from the spans. */
static PyObject *
anchor_sets(const Anchors *anchors)
{
    PyObject *ends = PySet_New(NULL);
    PyObject *starts = PySet_New(NULL);
    PyObject *result = NULL;
    if (ends == NULL || starts == NULL) {
        goto done;
    }
    for (Py_ssize_t i = 0; i < anchors->count; i++) {
        PyObject *start = PyLong_FromSsize_t(anchors->bounds[2 * i]);
        PyObject *end = PyLong_FromSsize_t(anchors->bounds[2 * i + 1]);
        int added = start != NULL && end != NULL && PySet_Add(starts, start) == 0 &&
                    PySet_Add(ends, end) == 0;
        Py_XDECREF(start);
        Py_XDECREF(end);
        if (!added) {
            goto done;
        }
    }
    result = PyTuple_Pack(2, ends, starts);
done:
    Py_XDECREF(ends);
    Py_XDECREF(starts);
    return result;
}

/* Note an unconfirmed match, by its index in `spans` and its rule. */
static int
append_unconfirmed(PyObject *unconfirmed, PyObject *spans, int rule)
{
    PyObject *pair = Py_BuildValue("(ni)", PyList_GET_SIZE(spans), rule);
    if (pair == NULL) {
        return -1;
    }
    int appended = PyList_Append(unconfirmed, pair);
    Py_DECREF(pair);
    return appended;
}

static PyObject *
Words_find(Words *self, PyObject *text)
{
    Py_ssize_t length = 0;
    int declined;
    const unsigned char *data = ascii_data(text, &length, &declined);
    if (data == NULL) {
        if (declined) {
            Py_RETURN_NONE;
        }
        return NULL;
    }
    NoteScan scan;
    Anchors anchors = {0};
    PyObject *spans = NULL;
    PyObject *unconfirmed = NULL;
    PyObject *anchor_tuple = NULL;
    PyObject *result = NULL;
    if (read_note(self, data, length, &scan) < 0) {
        goto done;
    }
    spans = PyList_New(0);
    unconfirmed = PyList_New(0);
    if (spans == NULL || unconfirmed == NULL) {
        goto done;
    }
    Py_ssize_t last_end = 0;
    int ordered = 1;
    for (Py_ssize_t s = 0; s < scan.start_count; s++) {
        Py_ssize_t start = scan.starts[s].start;
        const Head *head = &self->heads[scan.starts[s].head];
        int capitalized = data[start] >= 'A' && data[start] <= 'Z';
        if (head->alone >= 0) {
            const Key *key = &self->keys[head->alone];
            if (!key->capital || capitalized) {
                Py_ssize_t end = start + key->length;
                if (key->rule != RULE_ALWAYS &&
                    (key->rule != RULE_NAME_PART || may_be_eponym(&scan, data, length, end)) &&
                    append_unconfirmed(unconfirmed, spans, key->rule) < 0) {
                    goto done;
                }
                if (end < last_end) {
                    ordered = 0;
                }
                last_end = end;
                if (append_span(&self->spans, spans, start, end, key->kind) < 0 ||
                    (key->name && add_anchor(&anchors, start, end) < 0)) {
                    goto done;
                }
            }
        }
        for (Py_ssize_t k = 0; k < head->count; k++) {
            const Key *key = &self->keys[head->first + k];
            if (!key_matches(key, data, length, start)) {
                continue;
            }
            Py_ssize_t end = start + key->length;
            if (end < last_end) {
                ordered = 0;
            }
            /* _append_match with the eponym ends known. */
            if (!key->capital || capitalized) {
                if (key->rule != RULE_ALWAYS &&
                    (key->rule != RULE_NAME_PART || may_be_eponym(&scan, data, length, end)) &&
                    append_unconfirmed(unconfirmed, spans, key->rule) < 0) {
                    goto done;
                }
                if (append_span(&self->spans, spans, start, end, key->kind) < 0 ||
                    (key->name && add_anchor(&anchors, start, end) < 0)) {
                    goto done;
                }
            }
            if (end > last_end) {
                last_end = end;
            }
        }
    }
    if (PyList_GET_SIZE(unconfirmed) > 0) {
        anchor_tuple = anchor_sets(&anchors);
        if (anchor_tuple == NULL) {
            goto done;
        }
    }
    result = Py_BuildValue("(OOOO)", spans, unconfirmed, ordered ? Py_True : Py_False,
                           anchor_tuple ? anchor_tuple : Py_None);
done:
    note_scan_free(&scan);
    PyMem_Free(anchors.bounds);
    Py_XDECREF(anchor_tuple);
    Py_XDECREF(spans);
    Py_XDECREF(unconfirmed);
    return result;
}

static PyMethodDef Words_methods[] = {
    {"find", (PyCFunction)Words_find, METH_O,
     "find(text)\n--\n\nReturn (spans, unconfirmed, ordered, anchors) for the keys that "
     "begin with a head word in the str text, or None when text is not ASCII. anchors is "
     "None when nothing is unconfirmed, else the sets (ends, starts) of the name matches."},
    {NULL},
};

static PyTypeObject WordsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "phigate.masking._dictscan.Words",
    .tp_doc = PyDoc_STR(
        "Words(heads, eponym_heads, name_kind, span_type, source)\n--\n\n"
        "The dictionary keys of ASCII notes, by head word. heads contains (word, alone, "
        "longer) tuples: a head word, the key that is the word alone or None, and the longer "
        "keys that begin with it, shortest first. A key is a tuple (padded, length, capital, "
        "rule, kind). eponym_heads contains the words after which a name part may be an "
        "eponym. Matches of a kind equal to name_kind are the anchors of their neighbors. "
        "Spans are built as span_type(start, end, kind, source)."),
    .tp_basicsize = sizeof(Words),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Words_new,
    .tp_dealloc = (destructor)Words_dealloc,
    .tp_methods = Words_methods,
};

/* ------------------------------------------------------------------------------------------
 * Numbers
 */

typedef struct {
    uint64_t key; /* value * 16 + digits; 0 marks a free slot */
    PyObject *kind;
} NumberSlot;

typedef struct {
    PyObject_HEAD
    SpanMaker spans;
    NumberSlot *numbers;
    size_t numbers_mask;
    uint64_t *heads; /* head value + 1; 0 marks a free slot */
    size_t heads_mask;
    int width;
    uint64_t modulus; /* 10 ** width */
} Numbers;

static inline uint64_t
number_key(uint64_t value, Py_ssize_t digits)
{
    return value * 16 + (uint64_t)digits;
}

static PyObject *
lookup_number(const Numbers *self, uint64_t key)
{
    size_t slot = (size_t)mix(key) & self->numbers_mask;
    while (self->numbers[slot].key != 0) {
        if (self->numbers[slot].key == key) {
            return self->numbers[slot].kind;
        }
        slot = (slot + 1) & self->numbers_mask;
    }
    return NULL;
}

static int
has_head(const Numbers *self, uint64_t value)
{
    size_t slot = (size_t)mix(value + 1) & self->heads_mask;
    while (self->heads[slot] != 0) {
        if (self->heads[slot] == value + 1) {
            return 1;
        }
        slot = (slot + 1) & self->heads_mask;
    }
    return 0;
}

/* Read an ASCII str of `digits` characters, or any length when digits is -1, into *value.
 * Returns 1 when it has only the digits 0-9, 0 when it has other characters, -1 on error. */
static int
read_digits(PyObject *item, Py_ssize_t digits, const char *what, uint64_t *value,
            Py_ssize_t *length)
{
    Py_ssize_t read_length;
    char *copy = copy_ascii(item, what, &read_length);
    if (copy == NULL) {
        return -1;
    }
    int plain = read_length > 0;
    uint64_t read = 0;
    for (Py_ssize_t i = 0; i < read_length && plain; i++) {
        plain = is_digit((unsigned char)copy[i]);
        if (plain && i < MAX_HEAD_WIDTH) {
            read = read * 10 + (uint64_t)(copy[i] - '0');
        }
    }
    PyMem_Free(copy);
    if (digits >= 0 && read_length != digits) {
        PyErr_Format(PyExc_ValueError, "%s must have %zd characters: %R", what, digits, item);
        return -1;
    }
    *value = read;
    *length = read_length;
    return plain;
}

static int
read_numbers(Numbers *self, PyObject *numbers, PyObject *heads)
{
    size_t numbers_size = table_size_for(PySequence_Fast_GET_SIZE(numbers));
    size_t heads_size = table_size_for(PySequence_Fast_GET_SIZE(heads));
    if (numbers_size == 0 || heads_size == 0) {
        PyErr_NoMemory();
        return -1;
    }
    self->numbers = PyMem_Calloc(numbers_size, sizeof(NumberSlot));
    self->heads = PyMem_Calloc(heads_size, sizeof(uint64_t));
    if (self->numbers == NULL || self->heads == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->numbers_mask = numbers_size - 1;
    self->heads_mask = heads_size - 1;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(numbers); i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(numbers, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
            PyErr_SetString(PyExc_TypeError, "a number must be a tuple (digits, kind)");
            return -1;
        }
        uint64_t value;
        Py_ssize_t length;
        int plain = read_digits(PyTuple_GET_ITEM(item, 0), -1, "a number", &value, &length);
        if (plain < 0) {
            return -1;
        }
        if (!plain) {
            /* No group of ASCII digits can equal it. */
            continue;
        }
        if (length > MAX_NUMBER_DIGITS) {
            PyErr_Format(PyExc_ValueError, "a number must have at most %d digits: %R",
                         MAX_NUMBER_DIGITS, PyTuple_GET_ITEM(item, 0));
            return -1;
        }
        uint64_t key = number_key(value, length);
        size_t slot = (size_t)mix(key) & self->numbers_mask;
        while (self->numbers[slot].key != 0 && self->numbers[slot].key != key) {
            slot = (slot + 1) & self->numbers_mask;
        }
        if (self->numbers[slot].key == key) {
            PyErr_Format(PyExc_ValueError, "the number %R is given twice",
                         PyTuple_GET_ITEM(item, 0));
            return -1;
        }
        self->numbers[slot].key = key;
        self->numbers[slot].kind = Py_NewRef(PyTuple_GET_ITEM(item, 1));
    }
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(heads); i++) {
        uint64_t value;
        Py_ssize_t length;
        int plain = read_digits(PySequence_Fast_GET_ITEM(heads, i), self->width, "a head",
                                &value, &length);
        if (plain < 0) {
            return -1;
        }
        if (!plain) {
            continue;
        }
        size_t slot = (size_t)mix(value + 1) & self->heads_mask;
        while (self->heads[slot] != 0 && self->heads[slot] != value + 1) {
            slot = (slot + 1) & self->heads_mask;
        }
        self->heads[slot] = value + 1;
    }
    return 0;
}

static void
Numbers_dealloc(Numbers *self)
{
    if (self->numbers != NULL) {
        for (size_t slot = 0; slot <= self->numbers_mask; slot++) {
            Py_XDECREF(self->numbers[slot].kind);
        }
    }
    PyMem_Free(self->numbers);
    PyMem_Free(self->heads);
    span_maker_clear(&self->spans);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Numbers_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"numbers", "heads", "width", "span_type", "source", NULL};
    PyObject *numbers_argument, *heads_argument, *span_type, *source;
    int width;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOiOU:Numbers", keywords, &numbers_argument,
                                     &heads_argument, &width, &span_type, &source)) {
        return NULL;
    }
    if (width < 1 || width > MAX_HEAD_WIDTH) {
        PyErr_Format(PyExc_ValueError, "width must be from 1 to %d, not %d", MAX_HEAD_WIDTH,
                     width);
        return NULL;
    }
    PyObject *numbers = PySequence_Fast(numbers_argument, "numbers must be a sequence");
    if (numbers == NULL) {
        return NULL;
    }
    PyObject *heads = PySequence_Fast(heads_argument, "heads must be a sequence");
    if (heads == NULL) {
        Py_DECREF(numbers);
        return NULL;
    }
    Numbers *self = (Numbers *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->width = width;
        self->modulus = 1;
        for (int i = 0; i < width; i++) {
            self->modulus *= 10;
        }
    }
    if (self == NULL || span_maker_init(&self->spans, span_type, source) < 0 ||
        read_numbers(self, numbers, heads) < 0) {
        Py_XDECREF(self);
        self = NULL;
    }
    Py_DECREF(numbers);
    Py_DECREF(heads);
    return (PyObject *)self;
}

static inline int
is_chain_byte(unsigned char byte)
{
    return is_digit(byte) || byte == ' ' || byte == '.' || byte == '(' || byte == ')' ||
           byte == '+' || byte == '-';
}

/* Return whether the digits of text[start:end] contain a stored number's first `width`
 * digits. */
static int
chain_has_head(const Numbers *self, const unsigned char *text, Py_ssize_t start, Py_ssize_t end)
{
    uint64_t window = 0;
    int digits = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        if (!is_digit(text[i])) {
            continue;
        }
        window = (window * 10 + (uint64_t)(text[i] - '0')) % self->modulus;
        if (digits < self->width) {
            digits++;
        }
        if (digits == self->width && has_head(self, window)) {
            return 1;
        }
    }
    return 0;
}

typedef struct {
    Py_ssize_t start;
    Py_ssize_t end;
} Run;

/* _numbers_in: append the stored numbers among the digit groups of text[start:end]. */
static int
append_numbers(const Numbers *self, const unsigned char *text, Py_ssize_t start, Py_ssize_t end,
               Run *runs, PyObject *spans)
{
    Py_ssize_t run_count = 0;
    for (Py_ssize_t i = start; i < end;) {
        if (!is_digit(text[i])) {
            i++;
            continue;
        }
        runs[run_count].start = i;
        while (i < end && is_digit(text[i])) {
            i++;
        }
        runs[run_count].end = i;
        run_count++;
    }
    for (Py_ssize_t first = 0; first < run_count; first++) {
        Py_ssize_t run_start = runs[first].start;
        Py_ssize_t run_end = runs[first].end;
        Py_ssize_t digits = run_end - run_start;
        if (digits < MIN_FIRST_GROUP && !(digits == 1 && text[run_start] == '1')) {
            continue;
        }
        /* Groups of more than MAX_NUMBER_DIGITS digits match no stored number. */
        uint64_t value = 0;
        for (Py_ssize_t i = run_start; i < run_end && digits <= MAX_NUMBER_DIGITS; i++) {
            value = value * 10 + (uint64_t)(text[i] - '0');
        }
        PyObject *best_kind = NULL;
        Py_ssize_t best_end = 0;
        if (digits <= MAX_NUMBER_DIGITS) {
            best_kind = lookup_number(self, number_key(value, digits));
            best_end = run_end;
        }
        Py_ssize_t last_end = run_end;
        Py_ssize_t limit = first + MAX_NUMBER_DIGITS < run_count ? first + MAX_NUMBER_DIGITS
                                                                  : run_count;
        for (Py_ssize_t following = first + 1; following < limit; following++) {
            if (runs[following].start - last_end > MAX_NUMBER_GAP) {
                break;
            }
            digits += runs[following].end - runs[following].start;
            if (digits > MAX_NUMBER_DIGITS) {
                break;
            }
            for (Py_ssize_t i = runs[following].start; i < runs[following].end; i++) {
                value = value * 10 + (uint64_t)(text[i] - '0');
            }
            PyObject *kind = lookup_number(self, number_key(value, digits));
            if (kind != NULL) {
                best_kind = kind;
                best_end = runs[following].end;
            }
            last_end = runs[following].end;
        }
        if (best_kind != NULL && append_span(&self->spans, spans, run_start, best_end, best_kind) < 0) {
            return -1;
        }
    }
    return 0;
}

static PyObject *
Numbers_find(Numbers *self, PyObject *text)
{
    Py_ssize_t length = 0;
    int declined;
    const unsigned char *data = ascii_data(text, &length, &declined);
    if (data == NULL) {
        if (declined) {
            Py_RETURN_NONE;
        }
        return NULL;
    }
    PyObject *spans = PyList_New(0);
    if (spans == NULL) {
        return NULL;
    }
    Run *runs = NULL;
    Py_ssize_t runs_capacity = 0;
    /* The end of the run of chain characters after the last start tried, and its last
     * digit, so that no run is read more than once. */
    Py_ssize_t run_end = -1;
    Py_ssize_t last_digit = -1;
    Py_ssize_t position = 0;
    while (position < length) {
        /* _NUMBER_CHAIN, \d(?<!\d\d)[\d .()+-]{5,}\d: a digit that no digit precedes, then
         * the longest run of chain characters that ends with a digit at least six places on. */
        if (!is_digit(data[position]) || (position > 0 && is_digit(data[position - 1]))) {
            position++;
            continue;
        }
        if (run_end <= position) {
            run_end = position + 1;
            last_digit = -1;
            while (run_end < length && is_chain_byte(data[run_end])) {
                if (is_digit(data[run_end])) {
                    last_digit = run_end;
                }
                run_end++;
            }
        }
        if (last_digit < position + 6) {
            position++;
            continue;
        }
        Py_ssize_t chain_end = last_digit + 1;
        if (chain_has_head(self, data, position, chain_end)) {
            /* A chain has at most one digit group per two characters, plus one. */
            Py_ssize_t needed = (chain_end - position) / 2 + 1;
            if (needed > runs_capacity) {
                Run *grown = PyMem_Realloc(runs, (size_t)needed * sizeof(Run));
                if (grown == NULL) {
                    PyErr_NoMemory();
                    Py_CLEAR(spans);
                    break;
                }
                runs = grown;
                runs_capacity = needed;
            }
            if (append_numbers(self, data, position, chain_end, runs, spans) < 0) {
                Py_CLEAR(spans);
                break;
            }
        }
        position = chain_end;
    }
    PyMem_Free(runs);
    return spans;
}

static PyMethodDef Numbers_methods[] = {
    {"find", (PyCFunction)Numbers_find, METH_O,
     "find(text)\n--\n\nReturn the spans of the stored numbers in the str text, or None when "
     "text is not ASCII."},
    {NULL},
};

static PyTypeObject NumbersType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "phigate.masking._dictscan.Numbers",
    .tp_doc = PyDoc_STR(
        "Numbers(numbers, heads, width, span_type, source)\n--\n\n"
        "The stored phone, fax and SSN numbers of ASCII notes. numbers contains (digits, kind) "
        "tuples, heads the first width digits of every stored number. Spans are built as "
        "span_type(start, end, kind, source)."),
    .tp_basicsize = sizeof(Numbers),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Numbers_new,
    .tp_dealloc = (destructor)Numbers_dealloc,
    .tp_methods = Numbers_methods,
};

static struct PyModuleDef dictscan_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "phigate.masking._dictscan",
    .m_doc = PyDoc_STR("The per-note loops of the identifier dictionary, in C."),
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__dictscan(void)
{
    fill_fold_normalize();
    if (PyType_Ready(&WordsType) < 0 || PyType_Ready(&NumbersType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&dictscan_module);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "Words", (PyObject *)&WordsType) < 0 ||
        PyModule_AddObjectRef(module, "Numbers", (PyObject *)&NumbersType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
