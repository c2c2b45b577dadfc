/*
 * Small loops of the free-text detectors, in C.
 *
 * The detectors keep their rules in Python. These functions run loops that Python would run
 * one bytecode at a time, and give the results of the Python code they replace; the tests
 * compare the two. They hold the GIL throughout and keep no state between calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <structmember.h>

static PyObject *end_name;      /* "end", interned */
static PyObject *match_name;    /* "match", interned */
static PyObject *finditer_name; /* "finditer", interned */
static PyObject *search_name;   /* "search", interned */

/*
 * Call match(text, start) for each start of the list `starts` that does not lie inside the
 * previous match. With `first_only` set, return the first match or None; otherwise return the
 * list of matches, as Scan.finditer does in Python.
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

static PyObject *
ScanCore_finditer(ScanCore *self, PyObject *pattern)
{
    PyObject *position;
    if (lookup_position(self, pattern, &position) < 0) {
        return NULL;
    }
    if (position == NULL) {
        return PyObject_CallMethodOneArg(pattern, finditer_name, self->text);
    }
    PyObject *starts;
    int failed = starts_at(self, position, &starts);
    Py_DECREF(position);
    if (failed < 0) {
        return NULL;
    }
    if (starts == NULL) {
        return PyTuple_New(0);
    }
    PyObject *result = run_at_starts(self, pattern, starts, 0);
    Py_DECREF(starts);
    return result;
}

static PyObject *
ScanCore_search(ScanCore *self, PyObject *pattern)
{
    PyObject *position;
    if (lookup_position(self, pattern, &position) < 0) {
        return NULL;
    }
    if (position == NULL) {
        return PyObject_CallMethodOneArg(pattern, search_name, self->text);
    }
    PyObject *starts;
    int failed = starts_at(self, position, &starts);
    Py_DECREF(position);
    if (failed < 0) {
        return NULL;
    }
    if (starts == NULL) {
        Py_RETURN_NONE;
    }
    PyObject *result = run_at_starts(self, pattern, starts, 1);
    Py_DECREF(starts);
    return result;
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

static PyMethodDef kernel_methods[] = {
    {"match_starts", (PyCFunction)(void (*)(void))match_starts, METH_FASTCALL,
     "Return the matches of match(text, start) at the given starts, as Scan.finditer does."},
    {"token_around", (PyCFunction)(void (*)(void))token_around, METH_FASTCALL,
     "Widen a span to the letters, digits and inner hyphens joined to it."},
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
    if (end_name == NULL || match_name == NULL || finditer_name == NULL || search_name == NULL) {
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
