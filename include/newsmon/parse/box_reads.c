/* The compiled parser's hottest pdfium reads, each one call from Python with plain int arguments
 * (newsmon.parse._box_reads, built with the parser's compiled modules: see compiled.py).
 *
 * Through ctypes each call of pdfium or of glyph_boxes.c's loops cost ~2,000 instructions of
 * argument set-up (libffi classifies the arguments anew at every call), and the parser packed its
 * ints into C arrays first and unpacked the doubles into tuples after: pdf._char_boxes alone was
 * 7,400 calls a pass of the benchmark corpus, most of a few boxes, ~0.7 microseconds each besides
 * pdfium's work. Here (METH_FASTCALL: no argument tuple) pointers come as ints (addresses), a
 * line's positions are read from its Python list and each box is made a tuple as it is read. The
 * same pdfium functions, the same results, into the same out-parameters where the ctypes calls
 * write them: a box is (left, bottom, right, top), zeros for a character pdfium has no box for or
 * for index -1 (pdf._char_indices). The module also holds char_classes.py's loops (char_classes.c,
 * compiled in at the end), which need no pdfium: one extension, built and checked as one.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* glyph_boxes.c's loops (and its typedefs of pdfium's functions), compiled into this module too:
 * the functions below call them as pdf.py's ctypes calls of the helper library do. */
#include "glyph_boxes.c"

typedef int (*char_index_fn)(void *text_page, int index);
typedef double (*font_size_of_fn)(void *text_page, int index);
typedef struct {
    float left, top, right, bottom;
} rect_f; /* FS_RECTF */
typedef int (*loose_box_fn)(void *text_page, int index, rect_f *rect);

/* Whether a call has `expected` arguments and opens with two addresses (a function or context, and
 * a text page), written to `first` and `text_page`; 0 with an error set (naming `usage`) where not. */
static int opening(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t expected, const char *usage, void **first,
                   void **text_page)
{
    if (nargs != expected) {
        PyErr_Format(PyExc_TypeError, "%s: the wrong number of arguments", usage);
        return 0;
    }
    *first = PyLong_AsVoidPtr(args[0]);
    *text_page = *first == NULL ? NULL : PyLong_AsVoidPtr(args[1]);
    if (*first == NULL || *text_page == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s: a null function or text page", usage);
        return 0;
    }
    return 1;
}

/* An int argument, into `out`; 0 with an error set where it is none or out of a C int's range. */
static inline int int_of(PyObject *value, const char *usage, int *out)
{
    long number = PyLong_AsLong(value);
    if (number == -1 && PyErr_Occurred())
        return 0;
    if (number < INT_MIN || number > INT_MAX) {
        PyErr_Format(PyExc_OverflowError, "%s: an int out of range", usage);
        return 0;
    }
    *out = (int)number;
    return 1;
}

/* A list argument (a line's positions); NULL with an error set where it is not one. */
static PyObject *list_of(PyObject *value, const char *usage)
{
    if (!PyList_Check(value)) {
        PyErr_Format(PyExc_TypeError, "%s: positions must be a list", usage);
        return NULL;
    }
    return value;
}

/* The pdfium index of the position `key` (a Python int): chars[position] (a Python sequence), or
 * position + offset where chars is None (a line whose characters are a range of the page's); 0
 * with an error set where there is none. */
static inline int index_of(PyObject *key, PyObject *chars, int offset, const char *usage, int *out)
{
    int position;
    if (!int_of(key, usage, &position))
        return 0;
    if (chars == Py_None) {
        long index = (long)position + offset;
        if (index > INT_MAX) {
            PyErr_Format(PyExc_OverflowError, "%s: an int out of range", usage);
            return 0;
        }
        *out = (int)index;
        return 1;
    }
    PyObject *item = PySequence_GetItem(chars, position);
    if (item == NULL)
        return 0;
    int found = int_of(item, usage, out);
    Py_DECREF(item);
    return found;
}

/* A tuple of `count` floats (made item by item: Py_BuildValue reads its format at every call, a
 * third of a box's cost). */
static inline PyObject *floats(int count, const double *values)
{
    PyObject *tuple = PyTuple_New(count);
    for (int k = 0; tuple != NULL && k < count; k++) {
        PyObject *value = PyFloat_FromDouble(values[k]);
        if (value == NULL)
            Py_CLEAR(tuple);
        else
            PyTuple_SET_ITEM(tuple, k, value);
    }
    return tuple;
}

/* The box of character `index` as a 4-tuple of floats (left, bottom, right, top). */
static inline PyObject *box_tuple(char_box_fn get_box, void *text_page, int index)
{
    double box[4] = {0.0, 0.0, 0.0, 0.0};
    if (index < 0 || !get_box(text_page, index, box, box + 2, box + 1, box + 3))
        box[0] = box[1] = box[2] = box[3] = 0.0;
    return floats(4, box);
}

/* char_boxes(function, text_page, offset, positions, chars) -> the boxes of the characters at
 * `positions` (pdf._char_boxes: `function` pdfium's FPDFText_GetCharBox; see index_of). */
static PyObject *char_boxes(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "char_boxes(function, text_page, offset, positions, chars)";
    void *get_box, *text_page;
    int offset;
    (void)module;
    if (!opening(args, nargs, 5, usage, &get_box, &text_page) || !int_of(args[2], usage, &offset)
        || !list_of(args[3], usage))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(args[3]);
    PyObject *out = PyList_New(count);
    for (Py_ssize_t k = 0; out != NULL && k < count; k++) {
        int index;
        PyObject *box = index_of(PyList_GET_ITEM(args[3], k), args[4], offset, usage, &index)
                            ? box_tuple((char_box_fn)get_box, text_page, index) : NULL;
        if (box == NULL)
            Py_CLEAR(out);
        else
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
    static const char usage[] = "boxes_into(boxes, positions, function, text_page, offset, chars)";
    void *get_box, *text_page;
    int offset;
    (void)module;
    if (!opening(args + 2, nargs - 2, 4, usage, &get_box, &text_page) || !int_of(args[4], usage, &offset)
        || !list_of(args[1], usage))
        return NULL;
    if (!PyDict_Check(args[0])) {
        PyErr_Format(PyExc_TypeError, "%s: boxes must be a dict", usage);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(args[1]); k++) {
        PyObject *key = PyList_GET_ITEM(args[1], k);
        int known = PyDict_Contains(args[0], key), index;
        if (known < 0)
            return NULL;
        if (known)
            continue;
        if (!index_of(key, args[5], offset, usage, &index))
            return NULL;
        PyObject *box = box_tuple((char_box_fn)get_box, text_page, index);
        int failed = box == NULL || PyDict_SetItem(args[0], key, box);
        Py_XDECREF(box);
        if (failed)
            return NULL;
    }
    Py_RETURN_NONE;
}

/* char_box(function, text_page, index) -> one character's box, or None where pdfium gives none
 * (pdf._page_charbox, which raises then as pdf._charbox does). */
static PyObject *char_box(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "char_box(function, text_page, index)";
    void *get_box, *text_page;
    int index;
    double box[4];
    (void)module;
    if (!opening(args, nargs, 3, usage, &get_box, &text_page) || !int_of(args[2], usage, &index))
        return NULL;
    if (!((char_box_fn)get_box)(text_page, index, box, box + 2, box + 1, box + 3))
        Py_RETURN_NONE;
    return floats(4, box);
}

/* char_pens(origin_function, text_page, loose_box_function, origin, rect, positions, chars) -> the
 * (x of the glyph's origin, right of its loose box) of the characters chars[p] for p in `positions`
 * (pdf._char_pens), read into the out-parameters at the addresses `origin` (two doubles:
 * pdf._ORIGIN) and `rect` (an FS_RECTF: pdf._RECT) as the ctypes calls read them: where pdfium
 * gives none, what they held stays, as it does there. */
static PyObject *char_pens(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "char_pens(origin_function, text_page, loose_box_function, origin, rect, positions, "
                                "chars)";
    void *get_origin, *text_page;
    (void)module;
    if (!opening(args, nargs, 7, usage, &get_origin, &text_page) || !list_of(args[5], usage))
        return NULL;
    loose_box_fn get_loose = (loose_box_fn)PyLong_AsVoidPtr(args[2]);
    double *origin = get_loose == NULL ? NULL : (double *)PyLong_AsVoidPtr(args[3]);
    rect_f *rect = origin == NULL ? NULL : (rect_f *)PyLong_AsVoidPtr(args[4]);
    if (rect == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s: a null function or out-parameter", usage);
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(args[5]);
    PyObject *out = PyList_New(count);
    for (Py_ssize_t k = 0; out != NULL && k < count; k++) {
        int index;
        PyObject *pen = NULL;
        if (index_of(PyList_GET_ITEM(args[5], k), args[6], 0, usage, &index)) {
            ((char_origin_fn)get_origin)(text_page, index, origin, origin + 1);
            get_loose(text_page, index, rect);
            double values[2] = {origin[0], (double)rect->right};
            pen = floats(2, values);
        }
        if (pen == NULL)
            Py_CLEAR(out);
        else
            PyList_SET_ITEM(out, k, pen);
    }
    return out;
}

/* char_indices(function, text_page, count) -> FPDFText_GetCharIndexFromTextIndex of each text
 * index below `count` (pdf._char_indices: a page whose text and characters differ). */
static PyObject *char_indices(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "char_indices(function, text_page, count)";
    void *get_index, *text_page;
    int count;
    (void)module;
    if (!opening(args, nargs, 3, usage, &get_index, &text_page) || !int_of(args[2], usage, &count))
        return NULL;
    if (count < 0) {
        PyErr_Format(PyExc_ValueError, "%s: a bad count", usage);
        return NULL;
    }
    PyObject *out = PyList_New(count);
    for (int k = 0; out != NULL && k < count; k++) {
        PyObject *index = PyLong_FromLong(((char_index_fn)get_index)(text_page, k));
        if (index == NULL)
            Py_CLEAR(out);
        else
            PyList_SET_ITEM(out, k, index);
    }
    return out;
}

/* font_size(function, text_page, index) -> FPDFText_GetFontSize (pdf._font_size). */
static PyObject *font_size(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "font_size(function, text_page, index)";
    void *get_size, *text_page;
    int index;
    (void)module;
    if (!opening(args, nargs, 3, usage, &get_size, &text_page) || !int_of(args[2], usage, &index))
        return NULL;
    return PyFloat_FromDouble(((font_size_of_fn)get_size)(text_page, index));
}

/* line_facts(context, text_page, mid, at_space, start, length, lead) -> glyph_boxes.c's
 * newsmon_line_facts_at for one line (pdf._line_facts), its five ints written where the context
 * points (slot 20 of pdf._LINE_CONTEXT) from the arguments, where the ctypes path packs them. */
static PyObject *line_facts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "line_facts(context, text_page, mid, at_space, start, length, lead)";
    void *context, *text_page;
    int values[5];
    (void)module;
    if (!opening(args, nargs, 7, usage, &context, &text_page))
        return NULL;
    for (int k = 0; k < 5; k++)
        if (!int_of(args[2 + k], usage, values + k))
            return NULL;
    int *line = (int *)((void *const *)context)[20];
    for (int k = 0; k < 5; k++)
        line[k] = values[k];
    return PyLong_FromLong(newsmon_line_facts_at((void *const *)context, text_page));
}

/* The UTF-32 text an argument holds (bytes, a whole number of code points), NULL with an error set
 * where it is not. */
static const unsigned int *utf32_of(PyObject *value, const char *usage)
{
    if (!PyBytes_Check(value) || PyBytes_GET_SIZE(value) % 4) {
        PyErr_Format(PyExc_TypeError, "%s: the text must be UTF-32 bytes", usage);
        return NULL;
    }
    return (const unsigned int *)PyBytes_AS_STRING(value);
}

/* zwnj_gaps(context, text_page, text) -> glyph_boxes.c's newsmon_zwnj_gaps_at (pdf._zwnj_gaps: the
 * context is a box buffer's gaps_context, the line's ints in it; the text UTF-32 bytes). */
static PyObject *zwnj_gaps(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "zwnj_gaps(context, text_page, text)";
    void *context, *text_page;
    const unsigned int *text;
    (void)module;
    if (!opening(args, nargs, 3, usage, &context, &text_page) || (text = utf32_of(args[2], usage)) == NULL)
        return NULL;
    return PyLong_FromLong(newsmon_zwnj_gaps_at((void *const *)context, text_page, text));
}

/* bare_edges(context, text_page) -> glyph_boxes.c's newsmon_bare_edges_at (pdf._bare_edges). */
static PyObject *bare_edges(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    void *context, *text_page;
    (void)module;
    if (!opening(args, nargs, 2, "bare_edges(context, text_page)", &context, &text_page))
        return NULL;
    return PyLong_FromLong(newsmon_bare_edges_at((void *const *)context, text_page));
}

/* kashidas(context, text_page, text, indices, offset, count) -> glyph_boxes.c's newsmon_kashidas
 * (pdf._kashidas: the context is a box buffer's kashida_context; `indices` the address of its
 * index array, or 0 for none). */
static PyObject *kashidas(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "kashidas(context, text_page, text, indices, offset, count)";
    void *context, *text_page;
    const unsigned int *text;
    int offset, count;
    (void)module;
    if (!opening(args, nargs, 6, usage, &context, &text_page) || (text = utf32_of(args[2], usage)) == NULL
        || !int_of(args[4], usage, &offset) || !int_of(args[5], usage, &count))
        return NULL;
    const int *index = (const int *)PyLong_AsVoidPtr(args[3]);
    if (PyErr_Occurred())
        return NULL;
    if (count < 0 || count > PyBytes_GET_SIZE(args[2]) / 4) {
        PyErr_Format(PyExc_ValueError, "%s: a count out of the text", usage);
        return NULL;
    }
    return PyLong_FromLong(newsmon_kashidas((void *const *)context, text_page, text, index, offset, count));
}

/* char_origins(function, text_page, origin, offset, positions, chars) -> the x of the origin of each
 * character at `positions` (see index_of), read into the two doubles at `origin` (pdf._ORIGIN) as
 * the ctypes calls read them: where pdfium gives none, the x that was there stays
 * (pdf._char_origins). */
static PyObject *char_origins(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "char_origins(function, text_page, origin, offset, positions, chars)";
    void *get_origin, *text_page;
    int offset;
    (void)module;
    if (!opening(args, nargs, 6, usage, &get_origin, &text_page) || !int_of(args[3], usage, &offset)
        || !list_of(args[4], usage))
        return NULL;
    double *origin = (double *)PyLong_AsVoidPtr(args[2]);
    if (origin == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s: a null out-parameter", usage);
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(args[4]);
    PyObject *out = PyList_New(count);
    for (Py_ssize_t k = 0; out != NULL && k < count; k++) {
        int index;
        PyObject *x = NULL;
        if (index_of(PyList_GET_ITEM(args[4], k), args[5], offset, usage, &index)) {
            ((char_origin_fn)get_origin)(text_page, index, origin, origin + 1);
            x = PyFloat_FromDouble(origin[0]);
        }
        if (x == NULL)
            Py_CLEAR(out);
        else
            PyList_SET_ITEM(out, k, x);
    }
    return out;
}

/* object_at(function, holder, index) -> the address function(holder, index) gives, 0 for none:
 * FPDFText_GetTextObject of a text page's character, FPDFPage_GetObject of a page's object. */
static PyObject *object_at(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "object_at(function, holder, index)";
    void *get_object, *holder;
    int index;
    (void)module;
    if (!opening(args, nargs, 3, usage, &get_object, &holder) || !int_of(args[2], usage, &index))
        return NULL;
    return PyLong_FromVoidPtr(((text_object_fn)get_object)(holder, index));
}

typedef void *(*font_of_fn)(void *text_object);

/* text_font(object_function, text_page, font_function, index) -> the address of the font of the
 * text object that draws character `index` (FPDFTextObj_GetFont of FPDFText_GetTextObject), 0 for
 * none (pdf._text_font). */
static PyObject *text_font(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "text_font(object_function, text_page, font_function, index)";
    void *get_object, *text_page;
    int index;
    (void)module;
    if (!opening(args, nargs, 4, usage, &get_object, &text_page) || !int_of(args[3], usage, &index))
        return NULL;
    font_of_fn get_font = (font_of_fn)PyLong_AsVoidPtr(args[2]);
    if (get_font == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s: a null function", usage);
        return NULL;
    }
    void *object = ((text_object_fn)get_object)(text_page, index);
    return PyLong_FromVoidPtr(object == NULL ? NULL : get_font(object));
}

/* The arrays of a call of one of glyph_boxes.c's loops as (function, holder, in, count, out): the
 * addresses args[2] (`count` items in) and args[4] (as many out), into `in` and `out`; 0 with an
 * error set where either is null or the count below 0. */
static int arrays_of(PyObject *const *args, int count, const char *usage, void **in, void **out)
{
    *in = PyLong_AsVoidPtr(args[2]);
    *out = *in == NULL ? NULL : PyLong_AsVoidPtr(args[4]);
    if (*out == NULL || count < 0) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s: a null array or a bad count", usage);
        return 0;
    }
    return 1;
}

/* glyph_widths(function, font, codes, count, out) -> glyph_boxes.c's newsmon_glyph_widths
 * (pdf._form_widths: `codes` the address of `count` unsigned ints, `out` of as many floats). */
static PyObject *glyph_widths(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "glyph_widths(function, font, codes, count, out)";
    int count;
    (void)module;
    if (nargs != 5) {
        PyErr_Format(PyExc_TypeError, "%s: the wrong number of arguments", usage);
        return NULL;
    }
    void *get_width = PyLong_AsVoidPtr(args[0]);
    void *font = get_width == NULL ? NULL : PyLong_AsVoidPtr(args[1]); /* (0: no font, which pdfium answers) */
    if (get_width == NULL || PyErr_Occurred() || !int_of(args[3], usage, &count)) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s: a null function", usage);
        return NULL;
    }
    void *codes, *out;
    if (!arrays_of(args, count, usage, &codes, &out))
        return NULL;
    newsmon_glyph_widths(get_width, font, (const unsigned int *)codes, count, (float *)out);
    Py_RETURN_NONE;
}

/* text_objects(function, text_page, index, count, out) -> glyph_boxes.c's newsmon_text_objects
 * (pdf._object_addresses: `index` the address of `count` ints, `out` of as many pointers). */
static PyObject *text_objects(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "text_objects(function, text_page, index, count, out)";
    void *get_object, *text_page;
    int count;
    (void)module;
    if (!opening(args, nargs, 5, usage, &get_object, &text_page) || !int_of(args[3], usage, &count))
        return NULL;
    void *index, *out;
    if (!arrays_of(args, count, usage, &index, &out))
        return NULL;
    newsmon_text_objects(get_object, text_page, (const int *)index, count, (void **)out);
    Py_RETURN_NONE;
}

/* put_ints(ints, room, positions, chars) -> None: the C ints at the address `ints` (room for `room`
 * of them) set to the pdfium index of each of `positions` (a list; see index_of: chars[p], or p
 * where chars is None), where the compiled loops read them (pdf._BoxBuffer.put: struct's packing
 * took a tuple of them as its arguments first). */
static PyObject *put_ints(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "put_ints(ints, room, positions, chars)";
    int room;
    (void)module;
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "%s: the wrong number of arguments", usage);
        return NULL;
    }
    int *ints = (int *)PyLong_AsVoidPtr(args[0]);
    if (ints == NULL || !int_of(args[1], usage, &room) || !list_of(args[2], usage)) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "%s: a null buffer", usage);
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(args[2]);
    if (count > room) {
        PyErr_Format(PyExc_ValueError, "%s: %zd ints, room for %d", usage, count, room);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < count; k++)
        if (!index_of(PyList_GET_ITEM(args[2], k), args[3], 0, usage, ints + k))
            return NULL;
    Py_RETURN_NONE;
}

/* And char_classes.py's loops (class_places, class_runs), which need no pdfium: one extension for both
 * (they use int_of above). */
#include "char_classes.c"

static PyMethodDef methods[] = {
    {"char_boxes", (PyCFunction)(void (*)(void))char_boxes, METH_FASTCALL, "the boxes of a line's characters"},
    {"boxes_into", (PyCFunction)(void (*)(void))boxes_into, METH_FASTCALL, "the boxes a dict lacks, put in it"},
    {"char_box", (PyCFunction)(void (*)(void))char_box, METH_FASTCALL, "one character's box, or None"},
    {"char_pens", (PyCFunction)(void (*)(void))char_pens, METH_FASTCALL, "the pens of a line's characters"},
    {"char_indices", (PyCFunction)(void (*)(void))char_indices, METH_FASTCALL, "pdfium's index of each text index"},
    {"font_size", (PyCFunction)(void (*)(void))font_size, METH_FASTCALL, "a character's font size"},
    {"line_facts", (PyCFunction)(void (*)(void))line_facts, METH_FASTCALL, "newsmon_line_facts_at of a line"},
    {"zwnj_gaps", (PyCFunction)(void (*)(void))zwnj_gaps, METH_FASTCALL, "newsmon_zwnj_gaps_at of a line"},
    {"bare_edges", (PyCFunction)(void (*)(void))bare_edges, METH_FASTCALL, "newsmon_bare_edges_at of a line"},
    {"kashidas", (PyCFunction)(void (*)(void))kashidas, METH_FASTCALL, "newsmon_kashidas of a line"},
    {"char_origins", (PyCFunction)(void (*)(void))char_origins, METH_FASTCALL, "the origins' x of characters"},
    {"object_at", (PyCFunction)(void (*)(void))object_at, METH_FASTCALL, "a text page's or page's object, or 0"},
    {"text_font", (PyCFunction)(void (*)(void))text_font, METH_FASTCALL, "the font a character is drawn in, or 0"},
    {"glyph_widths", (PyCFunction)(void (*)(void))glyph_widths, METH_FASTCALL, "newsmon_glyph_widths"},
    {"text_objects", (PyCFunction)(void (*)(void))text_objects, METH_FASTCALL, "newsmon_text_objects"},
    {"put_ints", (PyCFunction)(void (*)(void))put_ints, METH_FASTCALL, "indices into a compiled loop's buffer"},
    {"class_places", (PyCFunction)(void (*)(void))class_places, METH_FASTCALL, "char_classes.py's places"},
    {"class_runs", (PyCFunction)(void (*)(void))class_runs, METH_FASTCALL, "char_classes.py's runs"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_box_reads", "The compiled parser's pdfium reads (see box_reads.c).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__box_reads(void)
{
    return PyModule_Create(&module_def);
}
