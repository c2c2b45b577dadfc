/*
 * Small loops of the free-text detectors, in C.
 *
 * The detectors keep their rules in Python. These functions run loops that Python would run
 * one bytecode at a time, and give the results of the Python code they replace; the tests
 * compare the two. They hold the GIL throughout and keep no state between calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *end_name; /* "end", interned */

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
    PyObject *match = args[0];
    PyObject *text = args[1];
    PyObject *starts = args[2];
    if (!PyList_Check(starts)) {
        PyErr_SetString(PyExc_TypeError, "match_starts() expects a list of starts");
        return NULL;
    }
    PyObject *found = PyList_New(0);
    if (found == NULL) {
        return NULL;
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
    return found;
error:
    Py_DECREF(found);
    return NULL;
}

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
    if (end_name == NULL) {
        return NULL;
    }
    return PyModule_Create(&kernel_module);
}
