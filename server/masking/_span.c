/* The span type of phigate.masking.spans, in C.
 *
 * Span(start, end, kind, source) is what the dataclass in spans.py is: four fields in slots,
 * the check that 0 <= start < end, equality field by field with another span, no hash, the
 * dataclass repr, pickling by its four fields. The detectors build some thirty spans for each
 * note, and a call of this type costs about a tenth of a call of the dataclass, whose
 * __init__ runs as Python code.
 *
 * Calls with four positional ints, the common case, go through the vectorcall entry without
 * building an argument tuple. Bounds that are not exact ints are compared as Python compares
 * them, so the result and the error are those of the dataclass.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#define FIELD_COUNT 4

typedef struct {
    PyObject_HEAD
    PyObject *start;
    PyObject *end;
    PyObject *kind;
    PyObject *source;
} SpanObject;

static const char *const field_names[FIELD_COUNT] = {"start", "end", "kind", "source"};
static PyObject *zero;

static PyTypeObject SpanType;

/* Return 1 when 0 <= start < end, 0 when not, -1 with an exception set. */
static int
bounds_hold(PyObject *start, PyObject *end)
{
    if (PyLong_CheckExact(start) && PyLong_CheckExact(end)) {
        int overflow_start = 0;
        int overflow_end = 0;
        long long low = PyLong_AsLongLongAndOverflow(start, &overflow_start);
        long long high = PyLong_AsLongLongAndOverflow(end, &overflow_end);
        if ((low == -1 || high == -1) && PyErr_Occurred()) {
            return -1;
        }
        if (!overflow_start && !overflow_end) {
            return low >= 0 && low < high;
        }
        /* A bound past 64 bits: compare the objects, as below. */
    }
    int at_least_zero = PyObject_RichCompareBool(zero, start, Py_LE);
    if (at_least_zero <= 0) {
        return at_least_zero;
    }
    return PyObject_RichCompareBool(start, end, Py_LT);
}

static PyObject *
make_span(PyObject *const *fields)
{
    int holds = bounds_hold(fields[0], fields[1]);
    if (holds < 0) {
        return NULL;
    }
    if (!holds) {
        PyErr_Format(PyExc_ValueError, "invalid span bounds %S..%S", fields[0], fields[1]);
        return NULL;
    }
    SpanObject *span = PyObject_GC_New(SpanObject, &SpanType);
    if (span == NULL) {
        return NULL;
    }
    span->start = Py_NewRef(fields[0]);
    span->end = Py_NewRef(fields[1]);
    span->kind = Py_NewRef(fields[2]);
    span->source = Py_NewRef(fields[3]);
    PyObject_GC_Track((PyObject *)span);
    return (PyObject *)span;
}

/* Span(...) called with positional and keyword arguments in a vector. */
static PyObject *
Span_vectorcall(PyObject *type, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    (void)type;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs == FIELD_COUNT && kwnames == NULL) {
        return make_span(args);
    }
    if (nargs > FIELD_COUNT) {
        PyErr_Format(PyExc_TypeError, "Span() takes %d arguments but %zd were given", FIELD_COUNT,
                     nargs);
        return NULL;
    }
    PyObject *fields[FIELD_COUNT] = {NULL, NULL, NULL, NULL};
    for (Py_ssize_t i = 0; i < nargs; i++) {
        fields[i] = args[i];
    }
    Py_ssize_t keywords = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < keywords; k++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, k);
        int index = -1;
        for (int f = 0; f < FIELD_COUNT; f++) {
            if (PyUnicode_CompareWithASCIIString(name, field_names[f]) == 0) {
                index = f;
                break;
            }
        }
        if (index < 0) {
            PyErr_Format(PyExc_TypeError, "Span() got an unexpected keyword argument '%S'", name);
            return NULL;
        }
        if (fields[index] != NULL) {
            PyErr_Format(PyExc_TypeError, "Span() got multiple values for argument '%s'",
                         field_names[index]);
            return NULL;
        }
        fields[index] = args[nargs + k];
    }
    for (int f = 0; f < FIELD_COUNT; f++) {
        if (fields[f] == NULL) {
            PyErr_Format(PyExc_TypeError, "Span() missing required argument '%s'",
                         field_names[f]);
            return NULL;
        }
    }
    return make_span(fields);
}

/* The entry for calls that do not take the vectorcall path, such as type.__call__(Span, ...). */
static PyObject *
Span_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"start", "end", "kind", "source", NULL};
    PyObject *fields[FIELD_COUNT];
    (void)type;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOO:Span", keywords, &fields[0],
                                     &fields[1], &fields[2], &fields[3])) {
        return NULL;
    }
    return make_span(fields);
}

static int
Span_traverse(SpanObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->start);
    Py_VISIT(self->end);
    Py_VISIT(self->kind);
    Py_VISIT(self->source);
    return 0;
}

static int
Span_clear(SpanObject *self)
{
    Py_CLEAR(self->start);
    Py_CLEAR(self->end);
    Py_CLEAR(self->kind);
    Py_CLEAR(self->source);
    return 0;
}

static void
Span_dealloc(SpanObject *self)
{
    PyObject_GC_UnTrack(self);
    Span_clear(self);
    PyObject_GC_Del(self);
}

static PyObject *
field_of(SpanObject *span, int field)
{
    switch (field) {
    case 0:
        return span->start;
    case 1:
        return span->end;
    case 2:
        return span->kind;
    default:
        return span->source;
    }
}

/* Equality as the dataclass has it: the four fields in order, for two spans only. A field
 * deleted from a span compares as missing, which only the same missing field equals. */
static PyObject *
Span_richcompare(PyObject *self, PyObject *other, int op)
{
    if ((op != Py_EQ && op != Py_NE) || Py_TYPE(other) != Py_TYPE(self)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    SpanObject *left = (SpanObject *)self;
    SpanObject *right = (SpanObject *)other;
    int equal = 1;
    for (int f = 0; f < FIELD_COUNT && equal == 1; f++) {
        /* Read after each comparison, which may run code that changes either span, and
         * held while compared. */
        PyObject *a = field_of(left, f);
        PyObject *b = field_of(right, f);
        if (a == NULL || b == NULL) {
            PyErr_Format(PyExc_AttributeError, "'Span' object has no attribute '%s'",
                         field_names[f]);
            return NULL;
        }
        Py_INCREF(a);
        Py_INCREF(b);
        equal = PyObject_RichCompareBool(a, b, Py_EQ);
        Py_DECREF(a);
        Py_DECREF(b);
    }
    if (equal < 0) {
        return NULL;
    }
    return PyBool_FromLong(op == Py_EQ ? equal : !equal);
}

static PyObject *
Span_repr(SpanObject *self)
{
    int entered = Py_ReprEnter((PyObject *)self);
    if (entered != 0) {
        return entered > 0 ? PyUnicode_FromString("...") : NULL;
    }
    PyObject *result = NULL;
    PyObject *fields[FIELD_COUNT] = {self->start, self->end, self->kind, self->source};
    for (int f = 0; f < FIELD_COUNT; f++) {
        if (fields[f] == NULL) {
            PyErr_Format(PyExc_AttributeError, "'Span' object has no attribute '%s'",
                         field_names[f]);
            goto done;
        }
        Py_INCREF(fields[f]);
    }
    result = PyUnicode_FromFormat("Span(start=%R, end=%R, kind=%R, source=%R)", fields[0],
                                  fields[1], fields[2], fields[3]);
    for (int f = 0; f < FIELD_COUNT; f++) {
        Py_DECREF(fields[f]);
    }
done:
    Py_ReprLeave((PyObject *)self);
    return result;
}

static PyObject *
Span_reduce(SpanObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *fields[FIELD_COUNT] = {self->start, self->end, self->kind, self->source};
    for (int f = 0; f < FIELD_COUNT; f++) {
        if (fields[f] == NULL) {
            PyErr_Format(PyExc_AttributeError, "'Span' object has no attribute '%s'",
                         field_names[f]);
            return NULL;
        }
    }
    return Py_BuildValue("(O(OOOO))", Py_TYPE(self), fields[0], fields[1], fields[2],
                         fields[3]);
}

static PyMemberDef Span_members[] = {
    {"start", T_OBJECT_EX, offsetof(SpanObject, start), 0, "First character of the span."},
    {"end", T_OBJECT_EX, offsetof(SpanObject, end), 0, "Character after the span."},
    {"kind", T_OBJECT_EX, offsetof(SpanObject, kind), 0, "The PhiKind of the identifier."},
    {"source", T_OBJECT_EX, offsetof(SpanObject, source), 0, "The detector that found it."},
    {NULL},
};

static PyMethodDef Span_methods[] = {
    {"__reduce__", (PyCFunction)Span_reduce, METH_NOARGS, "Pickle a span by its four fields."},
    {NULL},
};

static PyTypeObject SpanType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "phigate.masking._span.Span",
    .tp_doc = PyDoc_STR("Span(start, end, kind, source)\n--\n\nAn identifier at "
                        "text[start:end]."),
    .tp_basicsize = sizeof(SpanObject),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = Span_new,
    .tp_vectorcall = Span_vectorcall,
    .tp_dealloc = (destructor)Span_dealloc,
    .tp_traverse = (traverseproc)Span_traverse,
    .tp_clear = (inquiry)Span_clear,
    .tp_richcompare = Span_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_repr = (reprfunc)Span_repr,
    .tp_members = Span_members,
    .tp_methods = Span_methods,
};

static struct PyModuleDef span_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "phigate.masking._span",
    .m_doc = PyDoc_STR("The span type of the free-text detectors, in C."),
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__span(void)
{
    zero = PyLong_FromLong(0);
    if (zero == NULL || PyType_Ready(&SpanType) < 0) {
        return NULL;
    }
    /* The dataclass has these two, which pattern matching and introspection read. */
    PyObject *match_args = Py_BuildValue("(ssss)", "start", "end", "kind", "source");
    if (match_args == NULL) {
        return NULL;
    }
    int failed = PyDict_SetItemString(SpanType.tp_dict, "__match_args__", match_args);
    Py_DECREF(match_args);
    if (failed < 0) {
        return NULL;
    }
    PyType_Modified(&SpanType);
    PyObject *module = PyModule_Create(&span_module);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "Span", (PyObject *)&SpanType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
