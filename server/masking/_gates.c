/* One pass over a note that reports where each prefilter gate ends.
 *
 * A gate is a fixed-width run of ASCII character classes (see prefilter.py). The gates are
 * merged into a trie: gates that begin with the same classes share nodes, and a node is
 * "active" after a byte when the classes on its path match the bytes just read. The set of
 * active nodes after each byte is a state of a deterministic automaton over byte classes
 * (bytes that every class treats alike). States are built the first time the scan needs them
 * and kept in a cache with a flat transition table, so a note costs one table lookup per
 * byte once the common states exist. The sets are exact, so every gate end is found, and a
 * gate end is reported as the start it implies: the end minus the gate's width.
 *
 * The cache keeps at most `max_states` states in about `max_bytes` bytes. When either
 * limit would be passed, it is emptied and rebuilt from the state in use, so memory stays
 * bounded on any input at the price of rebuilding.
 *
 * Everything runs with the GIL held and no thread of its own. The scan calls no Python code
 * while it reads or changes the cache, so two threads never change it at once. The starts of
 * one call are kept in buffers of that call, so a call made from a finalizer while the
 * result list is built cannot clobber them.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ASCII 128
/* The byte before every note, so that a gate with a class for the preceding character can
 * match at the start of the note. It must be in no such class (prefilter.py checks). */
#define SENTINEL 0
#define DEFAULT_MAX_STATES 10000
#define DEFAULT_MAX_BYTES ((Py_ssize_t)32 << 20)
/* A transition is 16 bits, the next state times two plus a flag, so that more of the table
 * stays in the processor's caches. */
#define LIMIT_MAX_STATES ((Py_ssize_t)32767)
#define MAX_GATE_CLASSES 255
#define UNKNOWN (-1)
#define NO_TRANSITION UINT16_MAX

typedef struct {
    uint64_t low;
    uint64_t high;
} CharSet;

static inline int
charset_contains(CharSet set, unsigned byte)
{
    return byte < 64 ? (int)((set.low >> byte) & 1) : (int)((set.high >> (byte - 64)) & 1);
}

/* A start to report: the pattern's position and how far the gate's end lies past it. */
typedef struct {
    uint32_t pattern;
    uint32_t width;
} Emit;

typedef struct {
    CharSet chars;
    uint32_t first_child; /* into Matcher.children */
    uint32_t child_count;
    uint32_t first_emit; /* into Matcher.node_emits */
    uint32_t emit_count;
} Node;

typedef struct {
    uint64_t hash;
    size_t first_node; /* into Matcher.set_arena: the sorted ids of the active nodes */
    uint32_t node_count;
    uint32_t emit_count;
    size_t first_emit; /* into Matcher.emit_arena */
} State;

typedef struct {
    PyObject_HEAD
    Py_ssize_t pattern_count;
    /* The trie. Node 0 is the root, which is active before every byte. */
    Node *nodes;
    uint32_t node_count;
    uint32_t *children;
    Emit *node_emits;
    uint32_t node_emit_count;
    uint8_t byte_class[ASCII];
    uint8_t representative[ASCII];
    uint32_t class_count;
    /* The cache. State 0 is the empty set, the state before the sentinel. */
    Py_ssize_t max_states;
    Py_ssize_t max_bytes;
    State *states;
    uint32_t state_count;
    uint32_t state_capacity;
    /* Per state and byte class: NO_TRANSITION, or the next state times two, plus one when
     * the next state reports starts. */
    uint16_t *transitions;
    uint32_t *set_arena;
    size_t set_used;
    size_t set_capacity;
    Emit *emit_arena;
    size_t emit_used;
    size_t emit_capacity;
    /* Open addressing from a set's hash to its state; UNKNOWN marks a free slot. */
    int32_t *table;
    size_t table_size;
    /* Room for one successor set and its emits while a transition is built. */
    uint32_t *set_scratch;
    Emit *emit_scratch;
    size_t emit_scratch_capacity;
    Py_ssize_t flushes;
    int ready; /* set once __init__ has succeeded */
    /* Set while __init__ reads its arguments, which may run Python code that calls __init__
     * again on this matcher. */
    int initializing;
} Matcher;

/* A start found during one scan. */
typedef struct {
    uint32_t pattern;
    Py_ssize_t start;
} Found;

static size_t
cache_bytes_for(const Matcher *m, size_t states, size_t sets, size_t emits)
{
    return states * (sizeof(State) + m->class_count * sizeof(uint16_t)) +
           sets * sizeof(uint32_t) + emits * sizeof(Emit) + m->table_size * sizeof(int32_t);
}

static size_t
matcher_bytes(const Matcher *m)
{
    return sizeof(Matcher) + m->node_count * (sizeof(Node) + sizeof(uint32_t) * 2) +
           m->node_emit_count * sizeof(Emit) + m->emit_scratch_capacity * sizeof(Emit) +
           cache_bytes_for(m, m->state_capacity, m->set_capacity, m->emit_capacity);
}

static uint64_t
hash_set(const uint32_t *set, uint32_t count)
{
    /* FNV-1a over the node ids. */
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (uint32_t i = 0; i < count; i++) {
        hash ^= set[i];
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

/* Empty the cache, keeping the allocations and state 0. */
static void
flush_cache(Matcher *m)
{
    m->state_count = 1;
    m->set_used = 0;
    m->emit_used = 0;
    m->states[0].hash = hash_set(NULL, 0);
    m->states[0].first_node = 0;
    m->states[0].node_count = 0;
    m->states[0].first_emit = 0;
    m->states[0].emit_count = 0;
    for (uint32_t c = 0; c < m->class_count; c++) {
        m->transitions[c] = NO_TRANSITION;
    }
    for (size_t i = 0; i < m->table_size; i++) {
        m->table[i] = UNKNOWN;
    }
    m->table[m->states[0].hash & (m->table_size - 1)] = 0;
    m->flushes++;
}

static int32_t
find_state(const Matcher *m, const uint32_t *set, uint32_t count, uint64_t hash)
{
    size_t mask = m->table_size - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        int32_t id = m->table[slot];
        if (id == UNKNOWN) {
            return UNKNOWN;
        }
        const State *state = &m->states[id];
        if (state->hash == hash && state->node_count == count &&
            (count == 0 ||
             memcmp(m->set_arena + state->first_node, set, count * sizeof(uint32_t)) == 0)) {
            return id;
        }
    }
}

static int
compare_emits(const void *left, const void *right)
{
    const Emit *a = left;
    const Emit *b = right;
    if (a->pattern != b->pattern) {
        return a->pattern < b->pattern ? -1 : 1;
    }
    if (a->width != b->width) {
        return a->width < b->width ? -1 : 1;
    }
    return 0;
}

/* Collect the distinct emits of the nodes in `set` into emit_scratch; return how many. */
static uint32_t
gather_emits(Matcher *m, const uint32_t *set, uint32_t count)
{
    uint32_t total = 0;
    for (uint32_t i = 0; i < count; i++) {
        const Node *node = &m->nodes[set[i]];
        if (node->emit_count > 0) {
            memcpy(m->emit_scratch + total, m->node_emits + node->first_emit,
                   node->emit_count * sizeof(Emit));
            total += node->emit_count;
        }
    }
    if (total < 2) {
        return total;
    }
    qsort(m->emit_scratch, total, sizeof(Emit), compare_emits);
    uint32_t unique = 1;
    for (uint32_t i = 1; i < total; i++) {
        if (compare_emits(&m->emit_scratch[i], &m->emit_scratch[unique - 1]) != 0) {
            m->emit_scratch[unique++] = m->emit_scratch[i];
        }
    }
    return unique;
}

static int
grow(void **buffer, size_t *capacity, size_t needed, size_t item)
{
    if (needed <= *capacity) {
        return 0;
    }
    size_t new_capacity = *capacity ? *capacity : 64;
    while (new_capacity < needed) {
        new_capacity *= 2;
    }
    void *bigger = PyMem_Realloc(*buffer, new_capacity * item);
    if (bigger == NULL) {
        return -1;
    }
    *buffer = bigger;
    *capacity = new_capacity;
    return 0;
}

/* Return the capacities the cache would need to hold one more state. */
static void
needed_capacities(const Matcher *m, uint32_t nodes, uint32_t emits, size_t *states,
                  size_t *sets, size_t *emit_items)
{
    size_t state_capacity = m->state_capacity;
    while (state_capacity < (size_t)m->state_count + 1) {
        state_capacity *= 2;
    }
    size_t set_capacity = m->set_capacity ? m->set_capacity : 64;
    while (set_capacity < m->set_used + nodes) {
        set_capacity *= 2;
    }
    size_t emit_capacity = m->emit_capacity ? m->emit_capacity : 64;
    while (emit_capacity < m->emit_used + emits) {
        emit_capacity *= 2;
    }
    *states = state_capacity;
    *sets = set_capacity;
    *emit_items = emit_capacity;
}

static int
reserve_states(Matcher *m, size_t capacity)
{
    if (capacity <= m->state_capacity) {
        return 0;
    }
    State *states = PyMem_Realloc(m->states, capacity * sizeof(State));
    if (states == NULL) {
        return -1;
    }
    m->states = states;
    uint16_t *transitions =
        PyMem_Realloc(m->transitions, capacity * m->class_count * sizeof(uint16_t));
    if (transitions == NULL) {
        return -1;
    }
    m->transitions = transitions;
    m->state_capacity = (uint32_t)capacity;
    return 0;
}

/* Add `set` (not yet cached) as a state and return its id, or UNKNOWN with an exception set.
 * The cache may be flushed first, which invalidates every other state id. */
static int32_t
add_state(Matcher *m, const uint32_t *set, uint32_t count, uint64_t hash)
{
    uint32_t emits = gather_emits(m, set, count);
    size_t states, sets, emit_items;

    needed_capacities(m, count, emits, &states, &sets, &emit_items);
    int grows = states > m->state_capacity || sets > m->set_capacity ||
                emit_items > m->emit_capacity;
    /* Room that is allocated already costs nothing more, so only growth is held to
     * max_bytes. */
    if (m->state_count >= m->max_states ||
        (grows && cache_bytes_for(m, states, sets, emit_items) > (size_t)m->max_bytes)) {
        flush_cache(m);
        /* After a flush the state is added even if it alone passes max_bytes, so that the
         * scan always moves on. One state contains at most every trie node. */
        needed_capacities(m, count, emits, &states, &sets, &emit_items);
    }
    if (reserve_states(m, states) < 0 ||
        grow((void **)&m->set_arena, &m->set_capacity, m->set_used + count, sizeof(uint32_t)) < 0 ||
        grow((void **)&m->emit_arena, &m->emit_capacity, m->emit_used + emits, sizeof(Emit)) < 0) {
        /* Nothing is added, so the cache stays consistent (if perhaps flushed). */
        PyErr_NoMemory();
        return UNKNOWN;
    }

    uint32_t id = m->state_count++;
    State *state = &m->states[id];
    state->hash = hash;
    state->first_node = m->set_used;
    state->node_count = count;
    /* An arena that was never needed is still NULL, and memcpy must not get NULL. */
    if (count > 0) {
        memcpy(m->set_arena + m->set_used, set, count * sizeof(uint32_t));
    }
    m->set_used += count;
    state->first_emit = m->emit_used;
    state->emit_count = emits;
    if (emits > 0) {
        memcpy(m->emit_arena + m->emit_used, m->emit_scratch, emits * sizeof(Emit));
    }
    m->emit_used += emits;
    uint16_t *row = m->transitions + (size_t)id * m->class_count;
    for (uint32_t c = 0; c < m->class_count; c++) {
        row[c] = NO_TRANSITION;
    }
    size_t mask = m->table_size - 1;
    size_t slot = hash & mask;
    while (m->table[slot] != UNKNOWN) {
        slot = (slot + 1) & mask;
    }
    m->table[slot] = (int32_t)id;
    return (int32_t)id;
}

static int
compare_ids(const void *left, const void *right)
{
    uint32_t a = *(const uint32_t *)left;
    uint32_t b = *(const uint32_t *)right;
    return a < b ? -1 : a > b;
}

static void
sort_ids(uint32_t *ids, uint32_t count)
{
    if (count > 32) {
        qsort(ids, count, sizeof(uint32_t), compare_ids);
        return;
    }
    for (uint32_t i = 1; i < count; i++) {
        uint32_t id = ids[i];
        uint32_t j = i;
        while (j > 0 && ids[j - 1] > id) {
            ids[j] = ids[j - 1];
            j--;
        }
        ids[j] = id;
    }
}

static inline void
add_matching_children(const Matcher *m, uint32_t node_id, unsigned byte, uint32_t *set,
                      uint32_t *count)
{
    const Node *node = &m->nodes[node_id];
    const uint32_t *child = m->children + node->first_child;
    for (uint32_t i = 0; i < node->child_count; i++) {
        if (charset_contains(m->nodes[child[i]].chars, byte)) {
            set[(*count)++] = child[i];
        }
    }
}

/* Compute the transition of state `from` on byte class `byte_class`, cache it, and return
 * its encoded value, or UNKNOWN with an exception set. */
static int32_t
build_transition(Matcher *m, uint32_t from, unsigned byte_class)
{
    unsigned byte = m->representative[byte_class];
    uint32_t *set = m->set_scratch;
    uint32_t count = 0;

    /* A trie node has one parent, so the successors of distinct nodes are distinct. */
    add_matching_children(m, 0, byte, set, &count);
    const State *state = &m->states[from];
    const uint32_t *active = m->set_arena + state->first_node;
    for (uint32_t i = 0; i < state->node_count; i++) {
        add_matching_children(m, active[i], byte, set, &count);
    }
    sort_ids(set, count);
    uint64_t hash = hash_set(set, count);

    Py_ssize_t flushes = m->flushes;
    int32_t id = find_state(m, set, count, hash);
    if (id == UNKNOWN) {
        id = add_state(m, set, count, hash);
        if (id == UNKNOWN) {
            return UNKNOWN;
        }
    }
    int32_t encoded = id * 2 + (m->states[id].emit_count > 0);
    if (m->flushes == flushes) {
        m->transitions[(size_t)from * m->class_count + byte_class] = (uint16_t)encoded;
    }
    return encoded;
}

static int
record(Found **found, size_t *count, size_t *capacity, const Matcher *m, int32_t encoded,
       Py_ssize_t end)
{
    const State *state = &m->states[encoded >> 1];
    const Emit *emit = m->emit_arena + state->first_emit;
    for (uint32_t i = 0; i < state->emit_count; i++) {
        /* `end` counts the sentinel, so a start below 0 lies on the sentinel itself. */
        Py_ssize_t start = end - (Py_ssize_t)emit[i].width;
        if (start < 0) {
            continue;
        }
        if (grow((void **)found, capacity, *count + 1, sizeof(Found)) < 0) {
            PyErr_NoMemory();
            return -1;
        }
        (*found)[*count].pattern = emit[i].pattern;
        (*found)[*count].start = start;
        (*count)++;
    }
    return 0;
}

/* Run the automaton over the sentinel and `text`, collecting every reported start. */
static int
run(Matcher *m, const Py_UCS1 *text, Py_ssize_t length, Found **found, size_t *count,
    size_t *capacity)
{
    const uint32_t classes = m->class_count;
    const uint8_t *byte_class = m->byte_class;
    int32_t encoded = m->transitions[byte_class[SENTINEL]];

    if (encoded == NO_TRANSITION) {
        encoded = build_transition(m, 0, byte_class[SENTINEL]);
        if (encoded == UNKNOWN) {
            return -1;
        }
    }
    if ((encoded & 1) && record(found, count, capacity, m, encoded, 0) < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        uint32_t from = (uint32_t)(encoded >> 1);
        unsigned c = byte_class[text[i]];
        encoded = m->transitions[(size_t)from * classes + c];
        if (encoded == NO_TRANSITION) {
            encoded = build_transition(m, from, c);
            if (encoded == UNKNOWN) {
                return -1;
            }
        }
        /* The byte at note position i is byte i + 1 of the scanned bytes, so a gate that
         * ends there starts at i + 1 - width in the note. */
        if ((encoded & 1) && record(found, count, capacity, m, encoded, i + 1) < 0) {
            return -1;
        }
    }
    return 0;
}

static void
sort_starts(Py_ssize_t *starts, Py_ssize_t count)
{
    /* Starts arrive in order of their gates' ends and gates are short, so each start is
     * only a few places from where it belongs. */
    for (Py_ssize_t i = 1; i < count; i++) {
        Py_ssize_t start = starts[i];
        Py_ssize_t j = i;
        while (j > 0 && starts[j - 1] > start) {
            starts[j] = starts[j - 1];
            j--;
        }
        starts[j] = start;
    }
}

/* Build the result: per pattern position, None or the sorted distinct starts. */
static PyObject *
group_starts(const Matcher *m, const Found *found, size_t count)
{
    Py_ssize_t patterns = m->pattern_count;
    Py_ssize_t *offsets = PyMem_Calloc((size_t)patterns + 1, sizeof(Py_ssize_t));
    Py_ssize_t *starts = PyMem_Malloc((count ? count : 1) * sizeof(Py_ssize_t));
    PyObject *result = NULL;

    if (offsets == NULL || starts == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        offsets[found[i].pattern + 1]++;
    }
    for (Py_ssize_t p = 0; p < patterns; p++) {
        offsets[p + 1] += offsets[p];
    }
    /* offsets[p] is now where pattern p's starts begin. Filling them in moves each offset
     * on, so afterwards offsets[p] is where they end. */
    for (size_t i = 0; i < count; i++) {
        starts[offsets[found[i].pattern]++] = found[i].start;
    }
    result = PyList_New(patterns);
    if (result == NULL) {
        goto done;
    }
    Py_ssize_t begin = 0;
    for (Py_ssize_t p = 0; p < patterns; p++) {
        Py_ssize_t end = offsets[p];
        if (end == begin) {
            Py_INCREF(Py_None);
            PyList_SET_ITEM(result, p, Py_None);
            continue;
        }
        Py_ssize_t *run_starts = starts + begin;
        Py_ssize_t run_count = end - begin;
        sort_starts(run_starts, run_count);
        Py_ssize_t unique = 1;
        for (Py_ssize_t i = 1; i < run_count; i++) {
            if (run_starts[i] != run_starts[unique - 1]) {
                run_starts[unique++] = run_starts[i];
            }
        }
        PyObject *list = PyList_New(unique);
        if (list == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, p, list);
        for (Py_ssize_t i = 0; i < unique; i++) {
            PyObject *start = PyLong_FromSsize_t(run_starts[i]);
            if (start == NULL) {
                Py_CLEAR(result);
                goto done;
            }
            PyList_SET_ITEM(list, i, start);
        }
        begin = end;
    }
done:
    PyMem_Free(offsets);
    PyMem_Free(starts);
    return result;
}

static PyObject *
Matcher_scan(Matcher *m, PyObject *text)
{
    if (!m->ready) {
        PyErr_SetString(PyExc_RuntimeError, "the Matcher was not initialized");
        return NULL;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "scan() expects str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    if (!PyUnicode_IS_ASCII(text)) {
        PyErr_SetString(PyExc_ValueError, "scan() needs ASCII text, and this text is not ASCII");
        return NULL;
    }
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Found *found = NULL;
    size_t count = 0;
    size_t capacity = 0;
    PyObject *result = NULL;

    if (run(m, data, length, &found, &count, &capacity) == 0) {
        result = group_starts(m, found, count);
    }
    PyMem_Free(found);
    return result;
}

/* Read one class: an int whose bit k is set when the ASCII character k is in the class. */
static int
read_charset(PyObject *value, CharSet *set)
{
    if (!PyLong_Check(value)) {
        PyErr_Format(PyExc_TypeError, "a class must be an int, not %.100s",
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    PyObject *shift = PyLong_FromLong(64);
    if (shift == NULL) {
        return -1;
    }
    PyObject *high = PyNumber_Rshift(value, shift);
    Py_DECREF(shift);
    if (high == NULL) {
        return -1;
    }
    unsigned long long high_bits = PyLong_AsUnsignedLongLong(high);
    Py_DECREF(high);
    if (high_bits == (unsigned long long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        PyErr_SetString(PyExc_ValueError, "a class must be an int from 0 to 2**128 - 1");
        return -1;
    }
    set->low = (uint64_t)PyLong_AsUnsignedLongLongMask(value);
    set->high = (uint64_t)high_bits;
    return 0;
}

typedef struct {
    uint32_t node;
    Emit emit;
} NodeEmit;

static int
compare_node_emits(const void *left, const void *right)
{
    const NodeEmit *a = left;
    const NodeEmit *b = right;
    if (a->node != b->node) {
        return a->node < b->node ? -1 : 1;
    }
    return compare_emits(&a->emit, &b->emit);
}

/* A trie under construction: children are linked through `sibling`. */
typedef struct {
    CharSet *chars;
    uint32_t *first_child;
    uint32_t *sibling;
    size_t count;
    size_t capacity;
} Builder;

static void
builder_free(Builder *b)
{
    PyMem_Free(b->chars);
    PyMem_Free(b->first_child);
    PyMem_Free(b->sibling);
}

#define NONE_ID UINT32_MAX

/* Append a node with no children and return its id, or -1 with an exception set. */
static int64_t
builder_add(Builder *b, CharSet chars)
{
    if (b->count >= UINT32_MAX / 2) {
        PyErr_SetString(PyExc_ValueError, "the gates have too many classes");
        return -1;
    }
    if (b->count == b->capacity) {
        size_t capacity = b->capacity ? b->capacity * 2 : 256;
        CharSet *set = PyMem_Realloc(b->chars, capacity * sizeof(CharSet));
        if (set == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->chars = set;
        uint32_t *first = PyMem_Realloc(b->first_child, capacity * sizeof(uint32_t));
        if (first == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->first_child = first;
        uint32_t *sibling = PyMem_Realloc(b->sibling, capacity * sizeof(uint32_t));
        if (sibling == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->sibling = sibling;
        b->capacity = capacity;
    }
    uint32_t id = (uint32_t)b->count++;
    b->chars[id] = chars;
    b->first_child[id] = NONE_ID;
    b->sibling[id] = NONE_ID;
    return id;
}

/* Return the child of `parent` for `chars`, adding it if there is none. */
static int64_t
builder_child(Builder *b, uint32_t parent, CharSet chars)
{
    for (uint32_t id = b->first_child[parent]; id != NONE_ID; id = b->sibling[id]) {
        if (b->chars[id].low == chars.low && b->chars[id].high == chars.high) {
            return id;
        }
    }
    int64_t id = builder_add(b, chars);
    if (id < 0) {
        return -1;
    }
    b->sibling[id] = b->first_child[parent];
    b->first_child[parent] = (uint32_t)id;
    return id;
}

/* Read the expressions into a trie and the list of (node, emit) pairs. The inputs are copied
 * into tuples first, so code that converting a class may run cannot resize them. */
static int
read_expressions(Matcher *m, PyObject *expressions, Builder *b, NodeEmit **emits,
                 size_t *emit_count)
{
    PyObject *items = PySequence_Tuple(expressions);
    if (items == NULL) {
        return -1;
    }
    Py_ssize_t total = PyTuple_GET_SIZE(items);
    *emits = PyMem_Malloc((total ? (size_t)total : 1) * sizeof(NodeEmit));
    if (*emits == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    if (builder_add(b, (CharSet){0, 0}) < 0) { /* the root; its class is unused */
        goto fail;
    }
    for (Py_ssize_t i = 0; i < total; i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i);
        Py_ssize_t pattern;
        PyObject *classes;
        int prior;
        if (!PyTuple_Check(item) ||
            !PyArg_ParseTuple(item, "nOp;an expression is (pattern, classes, prior)", &pattern,
                              &classes, &prior)) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "an expression is a (pattern, classes, prior) tuple");
            }
            goto fail;
        }
        if (pattern < 0 || pattern >= m->pattern_count) {
            PyErr_Format(PyExc_ValueError, "invalid pattern position %zd: expected 0 to %zd",
                         pattern, m->pattern_count - 1);
            goto fail;
        }
        PyObject *sequence = PySequence_Tuple(classes);
        if (sequence == NULL) {
            goto fail;
        }
        Py_ssize_t length = PyTuple_GET_SIZE(sequence);
        if (length == 0 || length > MAX_GATE_CLASSES || (prior && length < 2)) {
            Py_DECREF(sequence);
            PyErr_Format(PyExc_ValueError,
                         "an expression needs 1 to %d classes, and 2 with a prior class; got %zd",
                         MAX_GATE_CLASSES, length);
            goto fail;
        }
        uint32_t node = 0;
        for (Py_ssize_t k = 0; k < length; k++) {
            CharSet chars;
            if (read_charset(PyTuple_GET_ITEM(sequence, k), &chars) < 0) {
                Py_DECREF(sequence);
                goto fail;
            }
            int64_t child = builder_child(b, node, chars);
            if (child < 0) {
                Py_DECREF(sequence);
                goto fail;
            }
            node = (uint32_t)child;
        }
        Py_DECREF(sequence);
        (*emits)[i].node = node;
        (*emits)[i].emit.pattern = (uint32_t)pattern;
        (*emits)[i].emit.width = (uint32_t)(length - prior);
        (*emit_count)++;
    }
    Py_DECREF(items);
    return 0;
fail:
    Py_DECREF(items);
    return -1;
}

/* Split the ASCII bytes into classes whose bytes every gate class treats alike. */
static void
compute_byte_classes(Matcher *m)
{
    uint8_t current[ASCII] = {0};
    uint32_t count = 1;
    for (uint32_t id = 1; id < m->node_count; id++) {
        CharSet chars = m->nodes[id].chars;
        int16_t inside[ASCII];
        int16_t outside[ASCII];
        uint32_t next = 0;
        for (uint32_t c = 0; c < count; c++) {
            inside[c] = -1;
            outside[c] = -1;
        }
        for (unsigned byte = 0; byte < ASCII; byte++) {
            int16_t *map = charset_contains(chars, byte) ? inside : outside;
            if (map[current[byte]] < 0) {
                map[current[byte]] = (int16_t)next++;
            }
            current[byte] = (uint8_t)map[current[byte]];
        }
        count = next;
    }
    memcpy(m->byte_class, current, sizeof current);
    m->class_count = count;
    for (int byte = ASCII - 1; byte >= 0; byte--) {
        m->representative[current[byte]] = (uint8_t)byte;
    }
}

static int
build_trie(Matcher *m, PyObject *expressions)
{
    Builder b = {0};
    NodeEmit *emits = NULL;
    size_t emit_count = 0;
    int status = -1;

    if (read_expressions(m, expressions, &b, &emits, &emit_count) < 0) {
        goto done;
    }
    m->node_count = (uint32_t)b.count;
    m->nodes = PyMem_Calloc(b.count, sizeof(Node));
    m->children = PyMem_Malloc(b.count * sizeof(uint32_t));
    m->node_emits = PyMem_Malloc((emit_count ? emit_count : 1) * sizeof(Emit));
    if (m->nodes == NULL || m->children == NULL || m->node_emits == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    uint32_t placed = 0;
    for (uint32_t id = 0; id < m->node_count; id++) {
        m->nodes[id].chars = b.chars[id];
        m->nodes[id].first_child = placed;
        for (uint32_t child = b.first_child[id]; child != NONE_ID; child = b.sibling[child]) {
            m->children[placed++] = child;
        }
        m->nodes[id].child_count = placed - m->nodes[id].first_child;
    }
    qsort(emits, emit_count, sizeof(NodeEmit), compare_node_emits);
    uint32_t unique = 0;
    for (size_t i = 0; i < emit_count; i++) {
        if (unique > 0 && compare_node_emits(&emits[i], &emits[i - 1]) == 0) {
            continue;
        }
        Node *node = &m->nodes[emits[i].node];
        if (node->emit_count == 0) {
            node->first_emit = unique;
        }
        node->emit_count++;
        m->node_emits[unique++] = emits[i].emit;
    }
    m->node_emit_count = unique;
    compute_byte_classes(m);
    status = 0;
done:
    builder_free(&b);
    PyMem_Free(emits);
    return status;
}

static int
allocate_cache(Matcher *m)
{
    size_t table_size = 16;
    while (table_size < (size_t)m->max_states * 2) {
        table_size *= 2;
    }
    m->table_size = table_size;
    m->table = PyMem_Malloc(table_size * sizeof(int32_t));
    m->set_scratch = PyMem_Malloc(m->node_count * sizeof(uint32_t));
    /* A state's emits come from its nodes, so it has at most as many as all nodes have. */
    m->emit_scratch_capacity = m->node_emit_count ? m->node_emit_count : 1;
    m->emit_scratch = PyMem_Malloc(m->emit_scratch_capacity * sizeof(Emit));
    if (m->table == NULL || m->set_scratch == NULL || m->emit_scratch == NULL ||
        reserve_states(m, 16) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    flush_cache(m);
    m->flushes = 0;
    return 0;
}

static int
Matcher_init(Matcher *m, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"expressions", "patterns", "max_states", "max_bytes", NULL};
    PyObject *expressions;
    Py_ssize_t patterns;
    Py_ssize_t max_states = DEFAULT_MAX_STATES;
    Py_ssize_t max_bytes = DEFAULT_MAX_BYTES;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "On|$nn:Matcher", keywords, &expressions,
                                     &patterns, &max_states, &max_bytes)) {
        return -1;
    }
    /* Checked after parsing, because converting an argument may call __init__ first. */
    if (m->ready || m->initializing || m->nodes != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a Matcher can be initialized only once");
        return -1;
    }
    if (patterns < 0 || patterns > (Py_ssize_t)UINT32_MAX) {
        PyErr_Format(PyExc_ValueError, "patterns must be from 0 to %u, not %zd", UINT32_MAX,
                     patterns);
        return -1;
    }
    if (max_states < 2 || max_states > LIMIT_MAX_STATES) {
        PyErr_Format(PyExc_ValueError, "max_states must be from 2 to %zd, not %zd",
                     LIMIT_MAX_STATES, max_states);
        return -1;
    }
    if (max_bytes < 0) {
        PyErr_Format(PyExc_ValueError, "max_bytes must not be negative, not %zd", max_bytes);
        return -1;
    }
    m->pattern_count = patterns;
    m->max_states = max_states;
    m->max_bytes = max_bytes;
    m->initializing = 1;
    int built = build_trie(m, expressions);
    m->initializing = 0;
    if (built < 0 || allocate_cache(m) < 0) {
        return -1;
    }
    m->ready = 1;
    return 0;
}

static void
Matcher_dealloc(Matcher *m)
{
    PyMem_Free(m->nodes);
    PyMem_Free(m->children);
    PyMem_Free(m->node_emits);
    PyMem_Free(m->states);
    PyMem_Free(m->transitions);
    PyMem_Free(m->set_arena);
    PyMem_Free(m->emit_arena);
    PyMem_Free(m->table);
    PyMem_Free(m->set_scratch);
    PyMem_Free(m->emit_scratch);
    Py_TYPE(m)->tp_free((PyObject *)m);
}

static PyObject *
Matcher_get_states(Matcher *m, void *Py_UNUSED(closure))
{
    return PyLong_FromUnsignedLong(m->state_count);
}

static PyObject *
Matcher_get_flushes(Matcher *m, void *Py_UNUSED(closure))
{
    return PyLong_FromSsize_t(m->flushes);
}

static PyObject *
Matcher_get_memory(Matcher *m, void *Py_UNUSED(closure))
{
    return PyLong_FromSize_t(matcher_bytes(m));
}

static PyObject *
Matcher_get_nodes(Matcher *m, void *Py_UNUSED(closure))
{
    return PyLong_FromUnsignedLong(m->node_count);
}

static PyObject *
Matcher_get_byte_classes(Matcher *m, void *Py_UNUSED(closure))
{
    return PyLong_FromUnsignedLong(m->class_count);
}

static PyGetSetDef Matcher_getset[] = {
    {"states", (getter)Matcher_get_states, NULL, "States in the cache now.", NULL},
    {"flushes", (getter)Matcher_get_flushes, NULL, "Times the cache was emptied.", NULL},
    {"memory", (getter)Matcher_get_memory, NULL, "Bytes the matcher has allocated.", NULL},
    {"nodes", (getter)Matcher_get_nodes, NULL, "Nodes of the trie, the root included.", NULL},
    {"byte_classes", (getter)Matcher_get_byte_classes, NULL,
     "Classes of ASCII bytes that every gate class treats alike.", NULL},
    {NULL},
};

static PyMethodDef Matcher_methods[] = {
    {"scan", (PyCFunction)Matcher_scan, METH_O,
     "scan(text)\n--\n\nReturn, per pattern position, None or the sorted distinct starts that "
     "the gates give in the ASCII str text."},
    {NULL},
};

static PyTypeObject MatcherType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "phigate.masking._gates.Matcher",
    .tp_doc = PyDoc_STR(
        "Matcher(expressions, patterns, *, max_states=10000, max_bytes=33554432)\n--\n\n"
        "A one-pass matcher of gate expressions. Each expression is a tuple (pattern, "
        "classes, prior): the position of its pattern, below patterns; its classes, as ints "
        "whose bit k stands for the ASCII character k; and whether the first class is for the "
        "character before the start. max_states and max_bytes bound the state cache."),
    .tp_basicsize = sizeof(Matcher),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Matcher_init,
    .tp_dealloc = (destructor)Matcher_dealloc,
    .tp_methods = Matcher_methods,
    .tp_getset = Matcher_getset,
};

static struct PyModuleDef gates_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "phigate.masking._gates",
    .m_doc = PyDoc_STR("The prefilter's one-pass gate matcher, in C."),
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__gates(void)
{
    if (PyType_Ready(&MatcherType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&gates_module);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "Matcher", (PyObject *)&MatcherType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
