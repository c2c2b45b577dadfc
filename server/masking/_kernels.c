/*
 * Small loops of the free-text detectors, in C.
 *
 * The detectors keep their rules in Python. These functions run loops that Python would run
 * one bytecode at a time, and give the results of the Python code they replace, which the
 * tests check. They hold the GIL throughout and keep no state between calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <structmember.h>

static PyObject *end_name;      /* "end", interned */
static PyObject *match_name;    /* "match", interned */
static PyObject *finditer_name; /* "finditer", interned */
static PyObject *search_name;   /* "search", interned */
static PyObject *start_name;    /* "start", interned */
static PyObject *kind_name;     /* "kind", interned */
static PyObject *source_name;   /* "source", interned */

/*
 * Call match(text, start) for each start of the list `starts` that does not lie inside the
 * previous match. Return the list of matches, as Scan.finditer does in Python, or with
 * `first_only` set the first match or None.
 */
static PyObject *
collect_matches(PyObject *match, PyObject *text, PyObject *starts, int first_only)
{
    if (!PyList_Check(starts)) {
        PyErr_SetString(PyExc_TypeError, "match_starts() expects a list of starts");
        return NULL;
    }
    PyObject *found = NULL;
    if (!first_only) {
        found = PyList_New(0);
        if (found == NULL) {
            return NULL;
        }
    }
    Py_ssize_t position = 0;
    /* Set after an empty match at PY_SSIZE_T_MAX. The next position, start + 1, does not fit
     * in a Py_ssize_t, and every later start lies before it. */
    int past_max = 0;
    for (Py_ssize_t index = 0; index < PyList_GET_SIZE(starts); index++) {
        PyObject *item = PyList_GET_ITEM(starts, index);
        Py_ssize_t start = PyLong_AsSsize_t(item);
        if (start == -1 && PyErr_Occurred()) {
            goto error;
        }
        if (past_max || start < position) {
            continue;
        }
        /* match may run code that removes item from starts, and a vectorcall's arguments
         * must stay alive until it returns. */
        Py_INCREF(item);
        PyObject *call_args[2] = {text, item};
        PyObject *result = PyObject_Vectorcall(match, call_args, 2, NULL);
        Py_DECREF(item);
        if (result == NULL) {
            goto error;
        }
        if (result == Py_None) {
            Py_DECREF(result);
            continue;
        }
        if (first_only) {
            return result;
        }
        PyObject *end_object = PyObject_CallMethodNoArgs(result, end_name);
        if (end_object == NULL) {
            Py_DECREF(result);
            goto error;
        }
        Py_ssize_t end = PyLong_AsSsize_t(end_object);
        Py_DECREF(end_object);
        if (end == -1 && PyErr_Occurred()) {
            Py_DECREF(result);
            goto error;
        }
        if (end > start) {
            position = end;
        }
        else if (start < PY_SSIZE_T_MAX) {
            position = start + 1;
        }
        else {
            past_max = 1;
        }
        int appended = PyList_Append(found, result);
        Py_DECREF(result);
        if (appended < 0) {
            goto error;
        }
    }
    if (first_only) {
        Py_RETURN_NONE;
    }
    return found;
error:
    Py_XDECREF(found);
    return NULL;
}

/*
 * match_starts(match, text, starts) -> list
 *
 * Call match(text, start) for each start of the sorted list `starts` that does not lie inside
 * the previous match, and return the matches found, as Scan.finditer does in Python.
 */
static PyObject *
match_starts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "match_starts() takes 3 arguments (%zd given)", nargs);
        return NULL;
    }
    return collect_matches(args[0], args[1], args[2], 0);
}

/*
 * ScanCore: the text of a note, the candidate starts per pattern position and the map from
 * id(pattern) to position. prefilter.Scan derives from it and adds the methods that stay in
 * Python. Each method gives what prefilter._PythonScan's method of the same name gives.
 */
typedef struct {
    PyObject_HEAD
    PyObject *text;
    PyObject *starts;
    PyObject *positions;
} ScanCore;

static int
ScanCore_init(ScanCore *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"text", "starts", "positions", NULL};
    PyObject *text;
    PyObject *starts = NULL;
    PyObject *positions = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|OO:Scan", keywords, &text, &starts,
                                     &positions)) {
        return -1;
    }
    if (starts == NULL) {
        starts = PyTuple_New(0);
        if (starts == NULL) {
            return -1;
        }
    }
    else {
        Py_INCREF(starts);
    }
    if (positions == NULL) {
        positions = PyDict_New();
        if (positions == NULL) {
            Py_DECREF(starts);
            return -1;
        }
    }
    else {
        Py_INCREF(positions);
    }
    Py_INCREF(text);
    Py_XSETREF(self->text, text);
    Py_XSETREF(self->starts, starts);
    Py_XSETREF(self->positions, positions);
    return 0;
}

static int
ScanCore_traverse(ScanCore *self, visitproc visit, void *arg)
{
    Py_VISIT(self->text);
    Py_VISIT(self->starts);
    Py_VISIT(self->positions);
    return 0;
}

static int
ScanCore_clear(ScanCore *self)
{
    Py_CLEAR(self->text);
    Py_CLEAR(self->starts);
    Py_CLEAR(self->positions);
    return 0;
}

static void
ScanCore_dealloc(ScanCore *self)
{
    PyObject_GC_UnTrack(self);
    ScanCore_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/*
 * Store in *position a new reference to positions.get(id(pattern)), or NULL for a pattern
 * the scan does not cover. Return -1 on error.
 */
static int
lookup_position(ScanCore *self, PyObject *pattern, PyObject **position)
{
    *position = NULL;
    if (self->text == NULL || self->starts == NULL || self->positions == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the Scan was not initialized");
        return -1;
    }
    PyObject *key = PyLong_FromVoidPtr(pattern);
    if (key == NULL) {
        return -1;
    }
    PyObject *found;
    if (PyDict_CheckExact(self->positions)) {
        found = PyDict_GetItemWithError(self->positions, key);
        Py_XINCREF(found);
    }
    else {
        found = PyObject_CallMethod(self->positions, "get", "O", key);
    }
    Py_DECREF(key);
    if (found == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    if (found == Py_None) {
        Py_DECREF(found);
        return 0;
    }
    *position = found;
    return 0;
}

/*
 * Store in *starts a new reference to the starts at `position`, or NULL when there are none
 * (the entry is empty or None). Return -1 on error.
 */
static int
starts_at(ScanCore *self, PyObject *position, PyObject **starts)
{
    *starts = NULL;
    PyObject *found = PyObject_GetItem(self->starts, position);
    if (found == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(found);
    if (truth < 0) {
        Py_DECREF(found);
        return -1;
    }
    if (!truth) {
        Py_DECREF(found);
        return 0;
    }
    *starts = found;
    return 0;
}

/* Run `pattern` at `starts`: the list of matches, or with `first_only` the first one. */
static PyObject *
run_at_starts(ScanCore *self, PyObject *pattern, PyObject *starts, int first_only)
{
    PyObject *match = PyObject_GetAttr(pattern, match_name);
    if (match == NULL) {
        return NULL;
    }
    PyObject *result = collect_matches(match, self->text, starts, first_only);
    Py_DECREF(match);
    return result;
}

/*
 * What finditer returns, or with `first_only` what search returns: the pattern's own method
 * where the pass did not cover it, nothing where it found no start, else the matches.
 */
static PyObject *
scan_pattern(ScanCore *self, PyObject *pattern, int first_only)
{
    PyObject *position;
    if (lookup_position(self, pattern, &position) < 0) {
        return NULL;
    }
    if (position == NULL) {
        return PyObject_CallMethodOneArg(
            pattern, first_only ? search_name : finditer_name, self->text);
    }
    PyObject *starts;
    int failed = starts_at(self, position, &starts);
    Py_DECREF(position);
    if (failed < 0) {
        return NULL;
    }
    if (starts == NULL) {
        if (first_only) {
            Py_RETURN_NONE;
        }
        return PyTuple_New(0);
    }
    PyObject *result = run_at_starts(self, pattern, starts, first_only);
    Py_DECREF(starts);
    return result;
}

static PyObject *
ScanCore_finditer(ScanCore *self, PyObject *pattern)
{
    return scan_pattern(self, pattern, 0);
}

static PyObject *
ScanCore_search(ScanCore *self, PyObject *pattern)
{
    return scan_pattern(self, pattern, 1);
}

static PyObject *
ScanCore_covers(ScanCore *self, PyObject *pattern)
{
    PyObject *position;
    if (lookup_position(self, pattern, &position) < 0) {
        return NULL;
    }
    if (position == NULL) {
        Py_RETURN_FALSE;
    }
    Py_DECREF(position);
    Py_RETURN_TRUE;
}

static PyMethodDef ScanCore_methods[] = {
    {"finditer", (PyCFunction)ScanCore_finditer, METH_O,
     "Return what pattern.finditer(self.text) yields, as an iterable."},
    {"search", (PyCFunction)ScanCore_search, METH_O,
     "Return what pattern.search(self.text) returns."},
    {"covers", (PyCFunction)ScanCore_covers, METH_O,
     "Return whether the one pass covered pattern."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef ScanCore_members[] = {
    {"text", T_OBJECT, offsetof(ScanCore, text), READONLY, "The note the scan read."},
    {"_starts", T_OBJECT, offsetof(ScanCore, starts), READONLY,
     "Per pattern position, the sorted candidate starts or None."},
    {"_positions", T_OBJECT, offsetof(ScanCore, positions), READONLY,
     "id(pattern) to its position, for each covered pattern."},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject ScanCoreType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "phigate.masking._kernels.ScanCore",
    .tp_doc = "The candidate starts of one note; the C base of prefilter.Scan.",
    .tp_basicsize = sizeof(ScanCore),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)ScanCore_init,
    .tp_dealloc = (destructor)ScanCore_dealloc,
    .tp_traverse = (traverseproc)ScanCore_traverse,
    .tp_clear = (inquiry)ScanCore_clear,
    .tp_methods = ScanCore_methods,
    .tp_members = ScanCore_members,
};

/*
 * token_around(text, start, end) -> (start, end)
 *
 * Widen [start, end) to the letters, digits and inner hyphens joined to it: a hyphen counts
 * when a letter or digit follows it outward. "Letter or digit" is str.isalnum().
 */
static PyObject *
token_around(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "token_around() takes 3 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "token_around() expects a str");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    if (start == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t end = PyLong_AsSsize_t(args[2]);
    if (end == -1 && PyErr_Occurred()) {
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (start < 0 || end < start || end > length) {
        PyErr_SetString(PyExc_ValueError, "token_around() got a span outside the text");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    while (start > 0) {
        Py_UCS4 previous = PyUnicode_READ(kind, data, start - 1);
        if (Py_UNICODE_ISALNUM(previous)) {
            start--;
        }
        else if (previous == '-' && start > 1 &&
                 Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, start - 2))) {
            start--;
        }
        else {
            break;
        }
    }
    while (end < length) {
        Py_UCS4 next = PyUnicode_READ(kind, data, end);
        if (Py_UNICODE_ISALNUM(next)) {
            end++;
        }
        else if (next == '-' && end + 1 < length &&
                 Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, end + 1))) {
            end++;
        }
        else {
            break;
        }
    }
    return Py_BuildValue("(nn)", start, end);
}

/*
 * has_control(text) -> bool
 *
 * Return whether text contains an ASCII control character other than tab, line feed and
 * carriage return (U+0000 to U+001F and U+007F), as characters._CONTROL.search finds one.
 */
static PyObject *
has_control(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "has_control() expects str, not %.100s",
                     Py_TYPE(text)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 code = PyUnicode_READ(kind, data, i);
        if ((code < 0x20 && code != '\t' && code != '\n' && code != '\r') || code == 0x7f) {
            Py_RETURN_TRUE;
        }
    }
    Py_RETURN_FALSE;
}

/* One span of merge_spans: its bounds and its position in the input. */
typedef struct {
    Py_ssize_t start;
    Py_ssize_t end;
    Py_ssize_t index;
    int fallback;
} SpanBounds;

static int
compare_bounds(const void *left, const void *right)
{
    const SpanBounds *a = left;
    const SpanBounds *b = right;
    if (a->start != b->start) {
        return a->start < b->start ? -1 : 1;
    }
    /* Equal starts keep their input order, as Python's stable sort does. */
    return a->index < b->index ? -1 : (a->index > b->index ? 1 : 0);
}

/* Read an exact int attribute that fits a Py_ssize_t into `value`. Returns 1 when it does,
 * 0 for another type or a value too large, and -1 on error. */
static int
read_bound(PyObject *span, PyObject *name, Py_ssize_t *value)
{
    PyObject *object = PyObject_GetAttr(span, name);
    if (object == NULL) {
        return -1;
    }
    if (!PyLong_CheckExact(object)) {
        Py_DECREF(object);
        return 0;
    }
    int overflow = 0;
    long long read = PyLong_AsLongLongAndOverflow(object, &overflow);
    Py_DECREF(object);
    if (read == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow || read > PY_SSIZE_T_MAX || read < PY_SSIZE_T_MIN) {
        return 0;
    }
    *value = (Py_ssize_t)read;
    return 1;
}

/* Return the span of one group: `label` itself when it covers the group, else a new one. */
static PyObject *
group_span(PyObject *span_type, PyObject *label, const SpanBounds *label_bounds,
           Py_ssize_t start, Py_ssize_t end)
{
    if (label_bounds->start == start && label_bounds->end == end) {
        Py_INCREF(label);
        return label;
    }
    PyObject *kind = PyObject_GetAttr(label, kind_name);
    if (kind == NULL) {
        return NULL;
    }
    PyObject *source = PyObject_GetAttr(label, source_name);
    if (source == NULL) {
        Py_DECREF(kind);
        return NULL;
    }
    PyObject *start_object = PyLong_FromSsize_t(start);
    PyObject *end_object = PyLong_FromSsize_t(end);
    PyObject *result = NULL;
    if (start_object != NULL && end_object != NULL) {
        PyObject *call_args[4] = {start_object, end_object, kind, source};
        result = PyObject_Vectorcall(span_type, call_args, 4, NULL);
    }
    Py_XDECREF(start_object);
    Py_XDECREF(end_object);
    Py_DECREF(kind);
    Py_DECREF(source);
    return result;
}

/*
 * merge_spans(spans, span_type, other_id) -> list | None
 *
 * The loop of spans.merge_spans: sort by start (stably), join overlapping spans, and label
 * each group with its longest part, where a part of kind other_id gives way to any other.
 * A new group span is made by calling span_type(start, end, kind, source). Return None,
 * having changed nothing, when a bound is not an int that fits a Py_ssize_t or a span breaks
 * 0 <= start < end, so that the caller runs the Python version.
 */
static PyObject *
merge_spans(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "merge_spans() takes 3 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *span_type = args[1];
    PyObject *other_id = args[2];
    PyObject *spans = PySequence_List(args[0]);
    if (spans == NULL) {
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(spans);
    PyObject *merged = NULL;
    SpanBounds *bounds = PyMem_Malloc((count ? (size_t)count : 1) * sizeof(SpanBounds));
    if (bounds == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        /* The list is this function's own copy, so its items stay put. */
        PyObject *span = PyList_GET_ITEM(spans, i);
        int read = read_bound(span, start_name, &bounds[i].start);
        if (read == 1) {
            read = read_bound(span, end_name, &bounds[i].end);
        }
        if (read == 1 && (bounds[i].start < 0 || bounds[i].end <= bounds[i].start)) {
            /* Not a valid Span, so its width could overflow below. */
            read = 0;
        }
        if (read <= 0) {
            if (read == 0) {
                merged = Py_None;
                Py_INCREF(merged);
            }
            goto done;
        }
        PyObject *kind = PyObject_GetAttr(span, kind_name);
        if (kind == NULL) {
            goto done;
        }
        int fallback = PyObject_RichCompareBool(kind, other_id, Py_EQ);
        Py_DECREF(kind);
        if (fallback < 0) {
            goto done;
        }
        bounds[i].fallback = fallback;
        bounds[i].index = i;
    }
    qsort(bounds, (size_t)count, sizeof(SpanBounds), compare_bounds);
    merged = PyList_New(0);
    if (merged == NULL || count == 0) {
        goto done;
    }
    const SpanBounds *label = &bounds[0];
    Py_ssize_t group_start = bounds[0].start;
    Py_ssize_t end = bounds[0].end;
    /* Every bound is checked above: 0 <= start < end, so no width below overflows. */
    for (Py_ssize_t i = 1; i <= count; i++) {
        const SpanBounds *span = i < count ? &bounds[i] : NULL;
        if (span != NULL && span->start < end) {
            int take;
            if (span->fallback != label->fallback) {
                take = label->fallback;
            }
            else {
                take = span->end - span->start > label->end - label->start;
            }
            if (take) {
                label = span;
            }
            if (span->end > end) {
                end = span->end;
            }
            continue;
        }
        PyObject *label_span = PyList_GET_ITEM(spans, label->index);
        PyObject *group = group_span(span_type, label_span, label, group_start, end);
        if (group == NULL) {
            Py_CLEAR(merged);
            goto done;
        }
        int appended = PyList_Append(merged, group);
        Py_DECREF(group);
        if (appended < 0) {
            Py_CLEAR(merged);
            goto done;
        }
        if (span != NULL) {
            label = span;
            group_start = span->start;
            end = span->end;
        }
    }
done:
    PyMem_Free(bounds);
    Py_DECREF(spans);
    return merged;
}

static PyMethodDef kernel_methods[] = {
    {"match_starts", (PyCFunction)(void (*)(void))match_starts, METH_FASTCALL,
     "Return the matches of match(text, start) at the given starts, as Scan.finditer does."},
    {"token_around", (PyCFunction)(void (*)(void))token_around, METH_FASTCALL,
     "Widen a span to the letters, digits and inner hyphens joined to it."},
    {"has_control", (PyCFunction)has_control, METH_O,
     "Return whether text contains an ASCII control other than tab, line feed and return."},
    {"merge_spans", (PyCFunction)(void (*)(void))merge_spans, METH_FASTCALL,
     "Join overlapping spans as spans.merge_spans does, or return None to leave it to Python."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef kernel_module = {
    PyModuleDef_HEAD_INIT,
    "phigate.masking._kernels",
    "Loops of the free-text detectors, in C.",
    -1,
    kernel_methods,
};

PyMODINIT_FUNC
PyInit__kernels(void)
{
    end_name = PyUnicode_InternFromString("end");
    match_name = PyUnicode_InternFromString("match");
    finditer_name = PyUnicode_InternFromString("finditer");
    search_name = PyUnicode_InternFromString("search");
    start_name = PyUnicode_InternFromString("start");
    kind_name = PyUnicode_InternFromString("kind");
    source_name = PyUnicode_InternFromString("source");
    if (end_name == NULL || match_name == NULL || finditer_name == NULL || search_name == NULL ||
        start_name == NULL || kind_name == NULL || source_name == NULL) {
        return NULL;
    }
    if (PyType_Ready(&ScanCoreType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&kernel_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&ScanCoreType);
    if (PyModule_AddObject(module, "ScanCore", (PyObject *)&ScanCoreType) < 0) {
        Py_DECREF(&ScanCoreType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
