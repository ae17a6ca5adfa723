/* Glyph boxes of a line's characters as the parser keeps them, read in one call from Python
 * (newsmon.parse._box_reads, built with the parser's compiled modules: see compiled.py).
 *
 * pdf._char_boxes reads boxes for every repair that asks: 7,400 calls a pass of the benchmark
 * corpus, most of a few boxes. Through ctypes and glyph_boxes.c each call packed its positions
 * into a C array, crossed ctypes (its arguments converted one by one) and unpacked the doubles
 * into tuples: ~0.7 microseconds a call besides pdfium's work, 0.7 microseconds for one box.
 * Here the positions are read from the Python list and each box is made a tuple as it is read
 * (METH_FASTCALL: no argument tuple). The same pdfium function, the same boxes: left, bottom,
 * right, top; zeros for a character pdfium has no box for, or for index -1 (pdf._char_indices).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* glyph_boxes.c's loops, compiled into this module too: line_facts below calls one of them as
 * pdf.py's ctypes call of the helper library does, with its ints as arguments. */
#include "glyph_boxes.c"

typedef int (*char_box_fn)(void *text_page, int index, double *left, double *right, double *bottom,
                           double *top);

/* The pdfium index of position `position`: chars[position] (a Python sequence), or position +
 * offset where chars is None (a line whose characters are a range of the page's); -2 on error. */
static long index_of(PyObject *chars, long position, long offset)
{
    if (chars == Py_None)
        return position + offset;
    PyObject *item = PySequence_GetItem(chars, position);
    if (item == NULL)
        return -2;
    long index = PyLong_AsLong(item);
    Py_DECREF(item);
    if (index == -1 && PyErr_Occurred())
        return -2;
    return index;
}

/* The box as a 4-tuple of floats (left, bottom, right, top). */
static PyObject *box_tuple(char_box_fn get_box, void *text_page, long index)
{
    double left = 0.0, right = 0.0, bottom = 0.0, top = 0.0;
    if (index < 0 || index > INT_MAX || !get_box(text_page, (int)index, &left, &right, &bottom, &top))
        left = right = bottom = top = 0.0;
    PyObject *box = PyTuple_New(4);
    if (box == NULL)
        return NULL;
    PyObject *values[4] = {PyFloat_FromDouble(left), PyFloat_FromDouble(bottom), PyFloat_FromDouble(right),
                           PyFloat_FromDouble(top)};
    for (int j = 0; j < 4; j++) {
        if (values[j] == NULL) {
            for (int k = 0; k < 4; k++)
                Py_XDECREF(values[k]);
            Py_DECREF(box);
            return NULL;
        }
    }
    for (int j = 0; j < 4; j++)
        PyTuple_SET_ITEM(box, j, values[j]);
    return box;
}

/* char_boxes(function, text_page, offset, positions, chars) -> list of boxes: `function` and
 * `text_page` are addresses (pdfium's FPDFText_GetCharBox, a text page), `positions` a list of
 * ints, `chars` None or the line's pdfium indices (see index_of). */
static PyObject *char_boxes(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "char_boxes(function, text_page, offset, positions, chars)");
        return NULL;
    }
    char_box_fn get_box = (char_box_fn)PyLong_AsVoidPtr(args[0]);
    void *text_page = PyLong_AsVoidPtr(args[1]);
    long offset = PyLong_AsLong(args[2]);
    if (PyErr_Occurred())
        return NULL;
    if (get_box == NULL || text_page == NULL) {
        PyErr_SetString(PyExc_ValueError, "char_boxes: a null function or text page");
        return NULL;
    }
    PyObject *positions = args[3], *chars = args[4];
    if (!PyList_Check(positions)) {
        PyErr_SetString(PyExc_TypeError, "char_boxes: positions must be a list");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(positions);
    PyObject *out = PyList_New(count);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        long position = PyLong_AsLong(PyList_GET_ITEM(positions, k));
        long index = (position == -1 && PyErr_Occurred()) ? -2 : index_of(chars, position, offset);
        PyObject *box = index == -2 && PyErr_Occurred() ? NULL : box_tuple(get_box, text_page, index);
        if (box == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, box);
    }
    return out;
}

/* boxes_into(boxes, positions, function, text_page, offset, chars): each position of the list
 * `positions` that the dict `boxes` has no box for gets its box (as char_boxes reads it), put in
 * the dict itself (arabic._Boxes.need: a repair asks for the boxes of a line's positions, most
 * of them read already or none at all). */
static PyObject *boxes_into(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "boxes_into(boxes, positions, function, text_page, offset, chars)");
        return NULL;
    }
    PyObject *boxes = args[0], *positions = args[1], *chars = args[5];
    if (!PyDict_Check(boxes) || !PyList_Check(positions)) {
        PyErr_SetString(PyExc_TypeError, "boxes_into: boxes must be a dict, positions a list");
        return NULL;
    }
    char_box_fn get_box = (char_box_fn)PyLong_AsVoidPtr(args[2]);
    void *text_page = PyLong_AsVoidPtr(args[3]);
    long offset = PyLong_AsLong(args[4]);
    if (PyErr_Occurred())
        return NULL;
    if (get_box == NULL || text_page == NULL) {
        PyErr_SetString(PyExc_ValueError, "boxes_into: a null function or text page");
        return NULL;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(positions); k++) {
        PyObject *key = PyList_GET_ITEM(positions, k);
        int known = PyDict_Contains(boxes, key);
        if (known < 0)
            return NULL;
        if (known)
            continue;
        long position = PyLong_AsLong(key);
        long index = (position == -1 && PyErr_Occurred()) ? -2 : index_of(chars, position, offset);
        if (index == -2 && PyErr_Occurred())
            return NULL;
        PyObject *box = box_tuple(get_box, text_page, index);
        if (box == NULL)
            return NULL;
        int failed = PyDict_SetItem(boxes, key, box);
        Py_DECREF(box);
        if (failed)
            return NULL;
    }
    Py_RETURN_NONE;
}

/* line_facts(context, text_page, mid, at_space, start, length, lead) -> int: glyph_boxes.c's
 * newsmon_line_facts_at for one line (pdf._line_facts), its five ints written where the context
 * points (slot 20 of pdf._LINE_CONTEXT) from the arguments: through ctypes they were packed into
 * that array first and the call's two arguments converted, ~0.7 microseconds a line of 6,500 a
 * corpus pass. `context` and `text_page` are addresses. */
static PyObject *line_facts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 7) {
        PyErr_SetString(PyExc_TypeError, "line_facts(context, text_page, mid, at_space, start, length, lead)");
        return NULL;
    }
    void *const *context = (void *const *)PyLong_AsVoidPtr(args[0]);
    void *text_page = PyLong_AsVoidPtr(args[1]);
    int values[5];
    for (int k = 0; k < 5; k++) {
        long value = PyLong_AsLong(args[2 + k]);
        if (value < INT_MIN || value > INT_MAX) {
            PyErr_SetString(PyExc_OverflowError, "line_facts: an int out of range");
            return NULL;
        }
        values[k] = (int)value;
    }
    if (PyErr_Occurred())
        return NULL;
    if (context == NULL || text_page == NULL || context[20] == NULL) {
        PyErr_SetString(PyExc_ValueError, "line_facts: a null context or text page");
        return NULL;
    }
    int *line = (int *)context[20];
    for (int k = 0; k < 5; k++)
        line[k] = values[k];
    return PyLong_FromLong(newsmon_line_facts_at(context, text_page));
}

typedef int (*char_index_fn)(void *text_page, int index);
typedef double (*font_size_fn_)(void *text_page, int index);
typedef struct { float left, top, right, bottom; } rect_f;  /* FS_RECTF */
typedef int (*loose_box_fn)(void *text_page, int index, rect_f *rect);

/* char_indices(function, text_page, count) -> list: FPDFText_GetCharIndexFromTextIndex of each text
 * index below `count` (pdf._char_indices: a page whose text and characters differ). */
static PyObject *char_indices(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "char_indices(function, text_page, count)");
        return NULL;
    }
    char_index_fn get_index = (char_index_fn)PyLong_AsVoidPtr(args[0]);
    void *text_page = PyLong_AsVoidPtr(args[1]);
    Py_ssize_t count = PyLong_AsSsize_t(args[2]);
    if (PyErr_Occurred())
        return NULL;
    if (get_index == NULL || text_page == NULL || count < 0 || count > INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "char_indices: a null function or text page, or a bad count");
        return NULL;
    }
    PyObject *out = PyList_New(count);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *index = PyLong_FromLong(get_index(text_page, (int)k));
        if (index == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, index);
    }
    return out;
}

/* font_size(function, text_page, index) -> float: FPDFText_GetFontSize (pdf._font_size). */
static PyObject *font_size(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "font_size(function, text_page, index)");
        return NULL;
    }
    font_size_fn_ get_size = (font_size_fn_)PyLong_AsVoidPtr(args[0]);
    void *text_page = PyLong_AsVoidPtr(args[1]);
    long index = PyLong_AsLong(args[2]);
    if (PyErr_Occurred())
        return NULL;
    if (get_size == NULL || text_page == NULL || index < INT_MIN || index > INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "font_size: a null function or text page, or a bad index");
        return NULL;
    }
    return PyFloat_FromDouble(get_size(text_page, (int)index));
}

/* char_pens(origin_function, loose_box_function, text_page, origin, rect, positions, chars) -> list
 * of (x of the glyph's origin, right of its loose box) of the characters chars[p] for p in
 * `positions` (pdf._char_pens), read into the two out-parameters at the addresses `origin` (two
 * doubles: pdf._ORIGIN) and `rect` (an FS_RECTF: pdf._RECT) as the ctypes calls read them: where
 * pdfium gives none, what they held stays, as it does there. */
static PyObject *char_pens(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 7) {
        PyErr_SetString(PyExc_TypeError, "char_pens(origin_function, loose_box_function, text_page, origin, rect, "
                                         "positions, chars)");
        return NULL;
    }
    char_origin_fn get_origin = (char_origin_fn)PyLong_AsVoidPtr(args[0]);
    loose_box_fn get_loose = (loose_box_fn)PyLong_AsVoidPtr(args[1]);
    void *text_page = PyLong_AsVoidPtr(args[2]);
    double *origin = (double *)PyLong_AsVoidPtr(args[3]);
    rect_f *rect = (rect_f *)PyLong_AsVoidPtr(args[4]);
    PyObject *positions = args[5], *chars = args[6];
    if (PyErr_Occurred())
        return NULL;
    if (get_origin == NULL || get_loose == NULL || text_page == NULL || origin == NULL || rect == NULL) {
        PyErr_SetString(PyExc_ValueError, "char_pens: a null function, text page or out-parameter");
        return NULL;
    }
    if (!PyList_Check(positions)) {
        PyErr_SetString(PyExc_TypeError, "char_pens: positions must be a list");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(positions);
    PyObject *out = PyList_New(count);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        long position = PyLong_AsLong(PyList_GET_ITEM(positions, k));
        long index = (position == -1 && PyErr_Occurred()) ? -2 : index_of(chars, position, 0);
        if ((index == -2 && PyErr_Occurred()) || index < INT_MIN || index > INT_MAX) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_OverflowError, "char_pens: an index out of range");
            Py_DECREF(out);
            return NULL;
        }
        get_origin(text_page, (int)index, origin, origin + 1);
        get_loose(text_page, (int)index, rect);
        PyObject *pen = Py_BuildValue("(dd)", origin[0], (double)rect->right);
        if (pen == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, pen);
    }
    return out;
}

/* char_box(function, text_page, index) -> (left, bottom, right, top) or None where pdfium gives
 * no box (pdf._page_charbox, which raises as pdf._charbox does). */
static PyObject *char_box(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "char_box(function, text_page, index)");
        return NULL;
    }
    char_box_fn get_box = (char_box_fn)PyLong_AsVoidPtr(args[0]);
    void *text_page = PyLong_AsVoidPtr(args[1]);
    long index = PyLong_AsLong(args[2]);
    if (PyErr_Occurred())
        return NULL;
    if (get_box == NULL || text_page == NULL || index < INT_MIN || index > INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "char_box: a null function or text page, or a bad index");
        return NULL;
    }
    double left, right, bottom, top;
    if (!get_box(text_page, (int)index, &left, &right, &bottom, &top))
        Py_RETURN_NONE;
    return Py_BuildValue("(dddd)", left, bottom, right, top);
}

/* The address an argument holds (an int), NULL (with an error set) where it is none or 0. */
static void *address_of(PyObject *value, const char *name)
{
    void *address = PyLong_AsVoidPtr(value);
    if (address == NULL && !PyErr_Occurred())
        PyErr_Format(PyExc_ValueError, "%s: a null address", name);
    return address;
}

/* The UTF-32 text an argument holds (bytes, a whole number of code points), NULL with an error set
 * where it is not. */
static const unsigned int *utf32_of(PyObject *value, const char *name)
{
    if (!PyBytes_Check(value) || PyBytes_GET_SIZE(value) % 4) {
        PyErr_Format(PyExc_TypeError, "%s: the text must be UTF-32 bytes", name);
        return NULL;
    }
    return (const unsigned int *)PyBytes_AS_STRING(value);
}

/* zwnj_gaps(context, text_page, text) -> int: glyph_boxes.c's newsmon_zwnj_gaps_at (pdf._zwnj_gaps:
 * the context is a box buffer's gaps_context, the line's ints in it; the text UTF-32 bytes). */
static PyObject *zwnj_gaps(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "zwnj_gaps(context, text_page, text)");
        return NULL;
    }
    void *const *context = (void *const *)address_of(args[0], "zwnj_gaps");
    void *text_page = context == NULL ? NULL : address_of(args[1], "zwnj_gaps");
    const unsigned int *text = text_page == NULL ? NULL : utf32_of(args[2], "zwnj_gaps");
    if (text == NULL)
        return NULL;
    return PyLong_FromLong(newsmon_zwnj_gaps_at(context, text_page, text));
}

/* bare_edges(context, text_page) -> int: glyph_boxes.c's newsmon_bare_edges_at (pdf._bare_edges). */
static PyObject *bare_edges(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "bare_edges(context, text_page)");
        return NULL;
    }
    void *const *context = (void *const *)address_of(args[0], "bare_edges");
    void *text_page = context == NULL ? NULL : address_of(args[1], "bare_edges");
    if (text_page == NULL)
        return NULL;
    return PyLong_FromLong(newsmon_bare_edges_at(context, text_page));
}

/* kashidas(context, text_page, text, indices, offset, count) -> int: glyph_boxes.c's
 * newsmon_kashidas (pdf._kashidas: the context is a box buffer's kashida_context; `indices` the
 * address of its index array, or 0 for none). */
static PyObject *kashidas(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "kashidas(context, text_page, text, indices, offset, count)");
        return NULL;
    }
    void *const *context = (void *const *)address_of(args[0], "kashidas");
    void *text_page = context == NULL ? NULL : address_of(args[1], "kashidas");
    const unsigned int *text = text_page == NULL ? NULL : utf32_of(args[2], "kashidas");
    if (text == NULL)
        return NULL;
    const int *index = (const int *)PyLong_AsVoidPtr(args[3]);
    long offset = PyLong_AsLong(args[4]), count = PyLong_AsLong(args[5]);
    if (PyErr_Occurred())
        return NULL;
    if (offset < INT_MIN || offset > INT_MAX || count < 0 || count > PyBytes_GET_SIZE(args[2]) / 4) {
        PyErr_SetString(PyExc_ValueError, "kashidas: an offset or count out of range");
        return NULL;
    }
    return PyLong_FromLong(newsmon_kashidas(context, text_page, text, index, (int)offset, (int)count));
}

static PyMethodDef methods[] = {
    {"zwnj_gaps", (PyCFunction)(void (*)(void))zwnj_gaps, METH_FASTCALL,
     "zwnj_gaps(context, text_page, text): newsmon_zwnj_gaps_at"},
    {"bare_edges", (PyCFunction)(void (*)(void))bare_edges, METH_FASTCALL,
     "bare_edges(context, text_page): newsmon_bare_edges_at"},
    {"kashidas", (PyCFunction)(void (*)(void))kashidas, METH_FASTCALL,
     "kashidas(context, text_page, text, indices, offset, count): newsmon_kashidas"},
    {"char_box", (PyCFunction)(void (*)(void))char_box, METH_FASTCALL,
     "char_box(function, text_page, index): a character's glyph box, or None"},
    {"char_indices", (PyCFunction)(void (*)(void))char_indices, METH_FASTCALL,
     "char_indices(function, text_page, count): pdfium's character index of each text index"},
    {"font_size", (PyCFunction)(void (*)(void))font_size, METH_FASTCALL,
     "font_size(function, text_page, index): FPDFText_GetFontSize"},
    {"char_pens", (PyCFunction)(void (*)(void))char_pens, METH_FASTCALL,
     "char_pens(origin_function, loose_box_function, text_page, origin, rect, positions, chars): pens"},
    {"line_facts", (PyCFunction)(void (*)(void))line_facts, METH_FASTCALL,
     "line_facts(context, text_page, mid, at_space, start, length, lead): newsmon_line_facts_at of one line"},
    {"boxes_into", (PyCFunction)(void (*)(void))boxes_into, METH_FASTCALL,
     "boxes_into(boxes, positions, function, text_page, offset, chars): the missing boxes put in the dict"},
    {"char_boxes", (PyCFunction)(void (*)(void))char_boxes, METH_FASTCALL,
     "char_boxes(function, text_page, offset, positions, chars): the glyph boxes of the characters at `positions`"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_box_reads", "Glyph boxes read in one call (see box_reads.c).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__box_reads(void)
{
    return PyModule_Create(&module_def);
}
