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
 *
 * The module also runs two loops over the merged spans of a note, which read every span but
 * change few: join_names (freetext._python_join_names) and zips_after
 * (places._python_zips_after). Both return None for spans whose bounds are not small exact
 * ints, and the caller then runs the Python version.
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
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (type != (PyObject *)&SpanType) {
        /* A subclass does not inherit this entry, so this is only a safeguard: run tp_new
         * and any __init__ of the subclass through type.__call__. */
        PyObject *tuple = PyTuple_New(nargs);
        if (tuple == NULL) {
            return NULL;
        }
        for (Py_ssize_t i = 0; i < nargs; i++) {
            PyTuple_SET_ITEM(tuple, i, Py_NewRef(args[i]));
        }
        PyObject *keywords = NULL;
        Py_ssize_t keyword_count = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
        if (keyword_count > 0) {
            keywords = PyDict_New();
            for (Py_ssize_t k = 0; keywords != NULL && k < keyword_count; k++) {
                if (PyDict_SetItem(keywords, PyTuple_GET_ITEM(kwnames, k), args[nargs + k]) < 0) {
                    Py_CLEAR(keywords);
                }
            }
            if (keywords == NULL) {
                Py_DECREF(tuple);
                return NULL;
            }
        }
        PyObject *result = PyType_Type.tp_call(type, tuple, keywords);
        Py_DECREF(tuple);
        Py_XDECREF(keywords);
        return result;
    }
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

/* The entry for calls that do not take the vectorcall path: type.__call__(Span, ...) and calls
 * of a subclass, whose instances are allocated by the subclass. */
static PyObject *
Span_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"start", "end", "kind", "source", NULL};
    PyObject *fields[FIELD_COUNT];
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOO:Span", keywords, &fields[0],
                                     &fields[1], &fields[2], &fields[3])) {
        return NULL;
    }
    if (type == &SpanType) {
        return make_span(fields);
    }
    int holds = bounds_hold(fields[0], fields[1]);
    if (holds < 0) {
        return NULL;
    }
    if (!holds) {
        PyErr_Format(PyExc_ValueError, "invalid span bounds %S..%S", fields[0], fields[1]);
        return NULL;
    }
    SpanObject *span = (SpanObject *)type->tp_alloc(type, 0);
    if (span == NULL) {
        return NULL;
    }
    span->start = Py_NewRef(fields[0]);
    span->end = Py_NewRef(fields[1]);
    span->kind = Py_NewRef(fields[2]);
    span->source = Py_NewRef(fields[3]);
    return (PyObject *)span;
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
    Py_TYPE(self)->tp_free((PyObject *)self);
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
    PyObject *name = PyType_GetQualName(Py_TYPE(self));
    if (name != NULL) {
        result = PyUnicode_FromFormat("%U(start=%R, end=%R, kind=%R, source=%R)", name,
                                      fields[0], fields[1], fields[2], fields[3]);
        Py_DECREF(name);
    }
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

/* Read the bounds of `span`, which must be a Span with exact int bounds that fit, and its
 * kind (a new reference). Return 1 on success, 0 when the span is declined, -1 on error. */
static int
read_span(PyObject *span, Py_ssize_t *start, Py_ssize_t *end, PyObject **kind)
{
    if (Py_TYPE(span) != &SpanType) {
        return 0;
    }
    SpanObject *self = (SpanObject *)span;
    if (self->start == NULL || self->end == NULL || self->kind == NULL || self->source == NULL ||
        !PyLong_CheckExact(self->start) || !PyLong_CheckExact(self->end)) {
        return 0;
    }
    int overflow = 0;
    long long low = PyLong_AsLongLongAndOverflow(self->start, &overflow);
    if (overflow || (low == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    long long high = PyLong_AsLongLongAndOverflow(self->end, &overflow);
    if (overflow || (high == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    if (low < 0 || high <= low || high > PY_SSIZE_T_MAX) {
        return 0;
    }
    *start = (Py_ssize_t)low;
    *end = (Py_ssize_t)high;
    *kind = Py_NewRef(self->kind);
    return 1;
}

/* Return 1 when `kind` equals `wanted`, 0 when not, -1 on error. */
static int
same_kind(PyObject *kind, PyObject *wanted)
{
    if (kind == wanted) {
        return 1;
    }
    return PyObject_RichCompareBool(kind, wanted, Py_EQ);
}

static int
is_blank(Py_UCS4 c)
{
    return c == ' ' || c == '\t';
}

/* Whether text[pos:endpos] is what freetext._NAME_JOIN fullmatches: blanks, then at most one
 * line break and more blanks. The bounds are clamped to the text as re clamps them. */
static int
name_join_fullmatch(int kind, const void *data, Py_ssize_t length, Py_ssize_t pos,
                    Py_ssize_t endpos)
{
    if (pos > length) {
        pos = length;
    }
    if (endpos > length) {
        endpos = length;
    }
    if (pos > endpos) {
        return 0;
    }
    Py_ssize_t i = pos;
    while (i < endpos && is_blank(PyUnicode_READ(kind, data, i))) {
        i++;
    }
    if (i < endpos && PyUnicode_READ(kind, data, i) == '\n') {
        i++;
        while (i < endpos && is_blank(PyUnicode_READ(kind, data, i))) {
            i++;
        }
    }
    return i == endpos;
}

/* Return a new span, or NULL: with an exception set, or without one when a field that a
 * call back into Python deleted is missing. */
static PyObject *
new_span(Py_ssize_t start, Py_ssize_t end, PyObject *kind, PyObject *source)
{
    if (kind == NULL || source == NULL) {
        return NULL;
    }
    PyObject *bounds[2] = {PyLong_FromSsize_t(start), PyLong_FromSsize_t(end)};
    PyObject *result = NULL;
    if (bounds[0] != NULL && bounds[1] != NULL) {
        PyObject *fields[FIELD_COUNT] = {bounds[0], bounds[1], kind, source};
        result = make_span(fields);
    }
    Py_XDECREF(bounds[0]);
    Py_XDECREF(bounds[1]);
    return result;
}

/* Return the end of group `group` of `match_function(text, position)`: -1 when that found
 * nothing, -2 on error. */
static Py_ssize_t
match_end(PyObject *match_function, PyObject *text, Py_ssize_t position, int group)
{
    PyObject *index = PyLong_FromSsize_t(position);
    if (index == NULL) {
        return -2;
    }
    PyObject *call_args[2] = {text, index};
    PyObject *match = PyObject_Vectorcall(match_function, call_args, 2, NULL);
    Py_DECREF(index);
    if (match == NULL) {
        return -2;
    }
    if (match == Py_None) {
        Py_DECREF(match);
        return -1;
    }
    PyObject *end = PyObject_CallMethod(match, "end", "i", group);
    Py_DECREF(match);
    if (end == NULL) {
        return -2;
    }
    Py_ssize_t value = PyLong_AsSsize_t(end);
    Py_DECREF(end);
    if (value == -1 && PyErr_Occurred()) {
        return -2;
    }
    return value;
}

/*
 * join_names(text, spans, name_kind, hyphen_match) -> list | None
 *
 * The loop of freetext._python_join_names over merged, sorted spans: a name followed by a
 * hyphen takes what hyphen_match finds there, and two names that only white space with at
 * most one line break separates become one span.
 */
static PyObject *
join_names(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "join_names() takes 4 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *text = args[0];
    PyObject *spans = args[1];
    PyObject *name_kind = args[2];
    PyObject *hyphen_match = args[3];
    if (!PyUnicode_Check(text) || !PyList_CheckExact(spans)) {
        PyErr_SetString(PyExc_TypeError, "join_names() expects a str and a list of spans");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    /* A copy of the list, so that code run by a comparison cannot change what is read. */
    PyObject *items = PyList_GetSlice(spans, 0, PyList_GET_SIZE(spans));
    if (items == NULL) {
        return NULL;
    }
    PyObject *joined = PyList_New(0);
    if (joined == NULL) {
        Py_DECREF(items);
        return NULL;
    }
    int last_is_name = 0;
    Py_ssize_t count = PyList_GET_SIZE(items);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *span = PyList_GET_ITEM(items, i);
        Py_ssize_t start;
        Py_ssize_t end;
        PyObject *span_kind;
        int read = read_span(span, &start, &end, &span_kind);
        if (read <= 0) {
            goto declined;
        }
        int is_name = same_kind(span_kind, name_kind);
        Py_DECREF(span_kind);
        if (is_name < 0) {
            goto error;
        }
        if (!is_name) {
            if (PyList_Append(joined, span) < 0) {
                goto error;
            }
            last_is_name = 0;
            continue;
        }
        Py_INCREF(span);
        if (end < length && PyUnicode_READ(kind, data, end) == '-') {
            Py_ssize_t broken = match_end(hyphen_match, text, end, 0);
            if (broken == -2) {
                Py_DECREF(span);
                goto error;
            }
            if (broken >= 0) {
                SpanObject *self = (SpanObject *)span;
                PyObject *longer = broken > start ? new_span(start, broken, self->kind,
                                                             self->source)
                                                  : NULL;
                Py_DECREF(span);
                if (longer == NULL) {
                    if (!PyErr_Occurred()) {
                        goto declined;
                    }
                    goto error;
                }
                span = longer;
                end = broken;
            }
        }
        if (last_is_name) {
            Py_ssize_t last_index = PyList_GET_SIZE(joined) - 1;
            SpanObject *last = (SpanObject *)PyList_GET_ITEM(joined, last_index);
            Py_ssize_t last_start;
            Py_ssize_t last_end;
            PyObject *last_kind;
            read = read_span((PyObject *)last, &last_start, &last_end, &last_kind);
            if (read <= 0) {
                Py_DECREF(span);
                goto declined;
            }
            Py_DECREF(last_kind);
            if (name_join_fullmatch(kind, data, length, last_end, start)) {
                PyObject *whole = new_span(last_start, end, name_kind, last->source);
                Py_DECREF(span);
                if (whole == NULL) {
                    if (!PyErr_Occurred()) {
                        goto declined;
                    }
                    goto error;
                }
                /* PyList_SetItem takes the new span and releases the one it replaces. */
                if (PyList_SetItem(joined, last_index, whole) < 0) {
                    goto error;
                }
                continue;
            }
        }
        int appended = PyList_Append(joined, span);
        Py_DECREF(span);
        if (appended < 0) {
            goto error;
        }
        last_is_name = 1;
    }
    Py_DECREF(items);
    return joined;
declined:
    Py_DECREF(items);
    Py_DECREF(joined);
    Py_RETURN_NONE;
error:
    Py_DECREF(items);
    Py_DECREF(joined);
    return NULL;
}

/* Whether re's \d matches c in a str pattern: any decimal digit, such as U+0663 or U+FF10,
 * and not only 0 to 9. */
static int
is_digit(Py_UCS4 c)
{
    return Py_UNICODE_ISDECIMAL(c);
}

static int
is_capital(Py_UCS4 c)
{
    return c >= 'A' && c <= 'Z';
}

/* Skip an optional comma and then the blanks and line breaks after it. Return the position
 * after them, or -1 when there are none. */
static Py_ssize_t
skip_gap(int kind, const void *data, Py_ssize_t length, Py_ssize_t position)
{
    if (position < length && PyUnicode_READ(kind, data, position) == ',') {
        position++;
    }
    Py_ssize_t gap = position;
    while (position < length) {
        Py_UCS4 c = PyUnicode_READ(kind, data, position);
        if (c != ' ' && c != '\t' && c != '\n') {
            break;
        }
        position++;
    }
    return position == gap ? -1 : position;
}

/* Whether places._ZIP_AFTER can match at `position`: a comma or not, white space, then five
 * digits, or two capitals, a period or not, a comma or not, white space and five digits.
 * This only has to hold wherever the pattern matches, and the pattern decides. */
static int
zip_may_follow(int kind, const void *data, Py_ssize_t length, Py_ssize_t position)
{
    position = skip_gap(kind, data, length, position);
    if (position < 0 || position + 1 >= length) {
        return 0;
    }
    if (is_capital(PyUnicode_READ(kind, data, position))) {
        if (!is_capital(PyUnicode_READ(kind, data, position + 1))) {
            return 0;
        }
        position += 2;
        if (position < length && PyUnicode_READ(kind, data, position) == '.') {
            position++;
        }
        position = skip_gap(kind, data, length, position);
        if (position < 0) {
            return 0;
        }
    }
    if (length - position < 5) {
        return 0;
    }
    for (Py_ssize_t i = position; i < position + 5; i++) {
        if (!is_digit(PyUnicode_READ(kind, data, i))) {
            return 0;
        }
    }
    return 1;
}

/*
 * zips_after(text, spans, anchor_kinds, zip_match, zip_kind) -> list | None
 *
 * The loop of places._python_zips_after: a ZIP span for group 1 of zip_match(text, end) after
 * each span whose kind is in the set anchor_kinds. The pattern runs only where
 * zip_may_follow finds the characters it needs, which is after few spans.
 */
static PyObject *
zips_after(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5) {
        PyErr_Format(PyExc_TypeError, "zips_after() takes 5 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *text = args[0];
    PyObject *spans = args[1];
    PyObject *anchor_kinds = args[2];
    PyObject *zip_match = args[3];
    PyObject *zip_kind = args[4];
    if (!PyUnicode_Check(text) || !PyList_CheckExact(spans) || !PyAnySet_Check(anchor_kinds)) {
        PyErr_SetString(PyExc_TypeError, "zips_after() expects a str, a list and a set");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *items = PyList_GetSlice(spans, 0, PyList_GET_SIZE(spans));
    if (items == NULL) {
        return NULL;
    }
    PyObject *found = PyList_New(0);
    PyObject *source = PyUnicode_FromString("pattern");
    if (found == NULL || source == NULL) {
        goto error;
    }
    Py_ssize_t count = PyList_GET_SIZE(items);
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t start;
        Py_ssize_t end;
        PyObject *span_kind;
        int read = read_span(PyList_GET_ITEM(items, i), &start, &end, &span_kind);
        if (read <= 0) {
            goto declined;
        }
        int anchor = PySet_Contains(anchor_kinds, span_kind);
        Py_DECREF(span_kind);
        if (anchor < 0) {
            goto error;
        }
        if (!anchor) {
            continue;
        }
        if (!zip_may_follow(kind, data, length, end)) {
            continue;
        }
        PyObject *index = PyLong_FromSsize_t(end);
        if (index == NULL) {
            goto error;
        }
        PyObject *call_args[2] = {text, index};
        PyObject *match = PyObject_Vectorcall(zip_match, call_args, 2, NULL);
        Py_DECREF(index);
        if (match == NULL) {
            goto error;
        }
        if (match == Py_None) {
            Py_DECREF(match);
            continue;
        }
        PyObject *bounds = PyObject_CallMethod(match, "span", "i", 1);
        Py_DECREF(match);
        if (bounds == NULL) {
            goto error;
        }
        if (!PyTuple_CheckExact(bounds) || PyTuple_GET_SIZE(bounds) != 2) {
            Py_DECREF(bounds);
            PyErr_SetString(PyExc_TypeError, "zips_after() expects Match.span() to be a pair");
            goto error;
        }
        PyObject *fields[FIELD_COUNT] = {PyTuple_GET_ITEM(bounds, 0), PyTuple_GET_ITEM(bounds, 1),
                                         zip_kind, source};
        PyObject *zip = make_span(fields);
        Py_DECREF(bounds);
        if (zip == NULL) {
            goto error;
        }
        int appended = PyList_Append(found, zip);
        Py_DECREF(zip);
        if (appended < 0) {
            goto error;
        }
    }
    Py_DECREF(items);
    Py_DECREF(source);
    return found;
declined:
    Py_DECREF(items);
    Py_XDECREF(found);
    Py_XDECREF(source);
    Py_RETURN_NONE;
error:
    Py_DECREF(items);
    Py_XDECREF(found);
    Py_XDECREF(source);
    return NULL;
}

static PyMethodDef module_methods[] = {
    {"join_names", (PyCFunction)(void (*)(void))join_names, METH_FASTCALL,
     "join_names(text, spans, name_kind, hyphen_match, /)\n--\n\nJoin name spans that only "
     "white space separates, as freetext._python_join_names does, or return None."},
    {"zips_after", (PyCFunction)(void (*)(void))zips_after, METH_FASTCALL,
     "zips_after(text, spans, anchor_kinds, zip_match, zip_kind, /)\n--\n\nReturn the ZIP "
     "spans right after anchor spans, as places._python_zips_after does, or None."},
    {NULL, NULL, 0, NULL},
};

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
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
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
    .m_methods = module_methods,
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
