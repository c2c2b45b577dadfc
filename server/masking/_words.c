/* The capitalized-word loop of the name scan (phigate.masking.names), in C.
 *
 * candidates(text, seen) returns what names._python_candidates returns: a (word, start, end)
 * tuple for every match of names._CAPITALIZED in text, in order. It leaves out single letters
 * without a period after them, words right after a letter, digit or apostrophe, and words
 * that seen maps to None. Most capitalized words of a note are known to be safe, and this
 * drops them without a match object for each, and those that the position rules drop
 * without a string either.
 *
 * The pattern is [U][L0-9]*(?:['’][L]+|-[L0-9]+)*, where L is the letters of the blocks
 * U+0041..U+024F, U+0370..U+052F and U+1E00..U+1FFF and U is those of them that are upper
 * or title case. It never needs to backtrack, so one forward pass reads it.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define TABLE_SIZE 0x2000
#define LETTER 1
#define CAPITAL 2
#define DIGIT 4
#define RIGHT_QUOTE 0x2019

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

static PyMethodDef methods[] = {
    {"candidates", (PyCFunction)(void (*)(void))candidates, METH_FASTCALL,
     "candidates(text, seen) -> list of (word, start, end) for the capitalized words that the "
     "name scan must still read."},
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
