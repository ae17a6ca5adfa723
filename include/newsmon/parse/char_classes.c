/* The places where a character of a class stands between two others of their classes: the loop of
 * newsmon.parse.char_classes, compiled into the box reader's extension (box_reads.c includes this
 * file; see char_classes.py).
 */

/* The class of each of the str `text`'s characters (classes[code point], 0 for one past them) into
 * out[1..length], out[0] and out[length + 1] 0 (no character): one loop for each width of a str's
 * characters, the lookups and nothing else. */
static void classes_of(PyObject *text, const unsigned char *classes, Py_ssize_t size, unsigned char *out)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 limit = (Py_UCS4)size;
    out[0] = out[length + 1] = 0;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        for (Py_ssize_t i = 0; i < length; i++) {
            Py_UCS4 ch = ((const Py_UCS1 *)data)[i];
            out[i + 1] = ch < limit ? classes[ch] : 0;
        }
        break;
    case PyUnicode_2BYTE_KIND:
        for (Py_ssize_t i = 0; i < length; i++) {
            Py_UCS4 ch = ((const Py_UCS2 *)data)[i];
            out[i + 1] = ch < limit ? classes[ch] : 0;
        }
        break;
    default:
        for (Py_ssize_t i = 0; i < length; i++) {
            Py_UCS4 ch = ((const Py_UCS4 *)data)[i];
            out[i + 1] = ch < limit ? classes[ch] : 0;
        }
    }
}

/* Room for the classes of a text (see classes_of): `local` where it holds them (most lines), else
 * memory of its own (NULL with an error set where there is none); free_classes frees that. */
#define LOCAL_CLASSES 1024
static unsigned char *room_for_classes(Py_ssize_t length, unsigned char *local)
{
    if (length + 2 <= LOCAL_CLASSES)
        return local;
    unsigned char *room = PyMem_Malloc((size_t)length + 2);
    if (room == NULL)
        PyErr_NoMemory();
    return room;
}

static void free_classes(unsigned char *room, unsigned char *local)
{
    if (room != local)
        PyMem_Free(room);
}

/* Whether a place passes one of the rules (three masks a rule: before, at, after; 0 takes any). */
static inline int passes(const unsigned char *rules, Py_ssize_t rule_bytes, unsigned char before, unsigned char here,
                         unsigned char after)
{
    for (Py_ssize_t r = 0; r < rule_bytes; r += 3)
        if ((!rules[r] || before & rules[r]) && (!rules[r + 1] || here & rules[r + 1])
            && (!rules[r + 2] || after & rules[r + 2]))
            return 1;
    return 0;
}

/* class_places(text, classes, rules, first) -> the places i of the str `text` where, for one rule
 * at least, each of the three masks (the character before i, the one at i, the one after) is 0 or
 * shares a bit with that character's class: classes[code point] (bytes), 0 for a code point past
 * them and for no character (before the first, after the last). `rules` holds three masks a rule
 * (bytes). Where `first`, only the first place (a search: whether there is one). */
static PyObject *class_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "class_places(text, classes, rules, first)";
    int first;
    unsigned char local[LOCAL_CLASSES];
    (void)module;
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "%s: the wrong number of arguments", usage);
        return NULL;
    }
    if (!PyUnicode_Check(args[0]) || !PyBytes_Check(args[1]) || !PyBytes_Check(args[2])
        || PyBytes_GET_SIZE(args[2]) % 3) {
        PyErr_Format(PyExc_TypeError, "%s: a str, then bytes, then bytes of three masks a rule", usage);
        return NULL;
    }
    if ((first = PyObject_IsTrue(args[3])) < 0 || PyUnicode_READY(args[0]) < 0)
        return NULL;
    const unsigned char *rules = (const unsigned char *)PyBytes_AS_STRING(args[2]);
    Py_ssize_t rule_bytes = PyBytes_GET_SIZE(args[2]), length = PyUnicode_GET_LENGTH(args[0]);
    unsigned char wanted = 0; /* the classes a rule wants at the place itself: most places have none */
    for (Py_ssize_t r = 0; r < rule_bytes; r += 3)
        wanted |= rules[r + 1] ? rules[r + 1] : 0xff;
    unsigned char *cls = room_for_classes(length, local);
    if (cls == NULL)
        return NULL;
    classes_of(args[0], (const unsigned char *)PyBytes_AS_STRING(args[1]), PyBytes_GET_SIZE(args[1]), cls);
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < length; i++) {
        const unsigned char *at = cls + i + 1; /* at[-1]: the character before; at[1]: the one after */
        if (!(*at & wanted) && wanted != 0xff)
            continue;
        if (!passes(rules, rule_bytes, at[-1], at[0], at[1]))
            continue;
        PyObject *place = PyLong_FromSsize_t(i);
        if (place == NULL || PyList_Append(out, place) < 0)
            Py_CLEAR(out);
        Py_XDECREF(place);
        if (first)
            break;
    }
    free_classes(cls, local);
    return out;
}

/* A (start, end) tuple (Py_BuildValue reads its format at every call). */
static PyObject *span_of(Py_ssize_t start, Py_ssize_t end)
{
    PyObject *first = PyLong_FromSsize_t(start);
    PyObject *last = first == NULL ? NULL : PyLong_FromSsize_t(end);
    PyObject *span = last == NULL ? NULL : PyTuple_Pack(2, first, last);
    Py_XDECREF(first);
    Py_XDECREF(last);
    return span;
}

/* class_runs(text, classes, mask, least, after, words) -> the runs of the str `text`'s characters
 * whose class (classes[code point], as class_places reads it) shares a bit with `mask`, each as
 * long as it goes on: where `after` is not 0 and the character after a run (none at the end) is in
 * none of its classes, the run ends a character earlier (a pattern's run that looks ahead for a
 * class its own characters are in: the engine gives its last character back). Runs shorter than `least` are left out;
 * the others come as (start, end) tuples, or as their text where `words`. */
static PyObject *class_runs(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "class_runs(text, classes, mask, least, after, words)";
    int mask, least, after, words;
    (void)module;
    if (nargs != 6) {
        PyErr_Format(PyExc_TypeError, "%s: the wrong number of arguments", usage);
        return NULL;
    }
    if (!PyUnicode_Check(args[0]) || !PyBytes_Check(args[1])) {
        PyErr_Format(PyExc_TypeError, "%s: a str, then bytes", usage);
        return NULL;
    }
    if (!int_of(args[2], usage, &mask) || !int_of(args[3], usage, &least) || !int_of(args[4], usage, &after)
        || (words = PyObject_IsTrue(args[5])) < 0 || PyUnicode_READY(args[0]) < 0)
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(args[0]);
    unsigned char local[LOCAL_CLASSES];
    unsigned char *cls = room_for_classes(length, local);
    if (cls == NULL)
        return NULL;
    classes_of(args[0], (const unsigned char *)PyBytes_AS_STRING(args[1]), PyBytes_GET_SIZE(args[1]), cls);
    PyObject *out = PyList_New(0);
    Py_ssize_t i = 0;
    while (out != NULL && i < length) {
        if (!(cls[i + 1] & mask)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (++i < length && cls[i + 1] & mask)
            ;
        Py_ssize_t end = i;
        if (after && !(cls[i + 1] & after)) /* (cls[length + 1]: no character after the last) */
            end--;
        if (end - start < least || end <= start)
            continue;
        PyObject *run = words ? PyUnicode_Substring(args[0], start, end) : span_of(start, end);
        if (run == NULL || PyList_Append(out, run) < 0)
            Py_CLEAR(out);
        Py_XDECREF(run);
    }
    free_classes(cls, local);
    return out;
}
