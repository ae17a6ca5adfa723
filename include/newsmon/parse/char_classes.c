/* The places where a character of a class stands between two others of their classes: the loop of
 * newsmon.parse.char_classes, compiled into the box reader's extension (box_reads.c includes this
 * file; see char_classes.py).
 */

/* class_places(text, classes, rules, first) -> the places i of the str `text` where, for one rule
 * at least, each of the three masks (the character before i, the one at i, the one after) is 0 or
 * shares a bit with that character's class: classes[code point] (bytes), 0 for a code point past
 * them and for no character (before the first, after the last). `rules` holds three masks a rule
 * (bytes). Where `first`, only the first place (a search: whether there is one). */
static PyObject *class_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "class_places(text, classes, rules, first)";
    int first;
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
    const unsigned char *classes = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    const unsigned char *rules = (const unsigned char *)PyBytes_AS_STRING(args[2]);
    Py_ssize_t size = PyBytes_GET_SIZE(args[1]), rule_bytes = PyBytes_GET_SIZE(args[2]);
    unsigned char wanted = 0; /* the classes a rule wants at the place itself: most places have none */
    for (Py_ssize_t r = 0; r < rule_bytes; r += 3)
        wanted |= rules[r + 1] ? rules[r + 1] : 0xff;
    int kind = PyUnicode_KIND(args[0]);
    const void *data = PyUnicode_DATA(args[0]);
    Py_ssize_t length = PyUnicode_GET_LENGTH(args[0]);
    PyObject *out = PyList_New(0);
    unsigned char before = 0, here = 0, after = 0;
    if (length > 0) {
        Py_UCS4 first = PyUnicode_READ(kind, data, 0);
        here = first < (Py_UCS4)size ? classes[first] : 0;
    }
    for (Py_ssize_t i = 0; out != NULL && i < length; i++) {
        if (i + 1 < length) {
            Py_UCS4 next = PyUnicode_READ(kind, data, i + 1);
            after = next < (Py_UCS4)size ? classes[next] : 0;
        } else {
            after = 0;
        }
        if (here & wanted || wanted == 0xff) {
            for (Py_ssize_t r = 0; r < rule_bytes; r += 3) {
                if ((!rules[r] || before & rules[r]) && (!rules[r + 1] || here & rules[r + 1])
                    && (!rules[r + 2] || after & rules[r + 2])) {
                    PyObject *place = PyLong_FromSsize_t(i);
                    if (place == NULL || PyList_Append(out, place) < 0)
                        Py_CLEAR(out);
                    Py_XDECREF(place);
                    if (first)
                        return out;
                    break;
                }
            }
        }
        before = here;
        here = after;
    }
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
    const unsigned char *classes = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    Py_ssize_t size = PyBytes_GET_SIZE(args[1]);
    int kind = PyUnicode_KIND(args[0]);
    const void *data = PyUnicode_DATA(args[0]);
    Py_ssize_t length = PyUnicode_GET_LENGTH(args[0]);
    PyObject *out = PyList_New(0);
    Py_ssize_t i = 0;
    while (out != NULL && i < length) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (!(ch < (Py_UCS4)size && classes[ch] & mask)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        unsigned char next = 0;
        while (++i < length) {
            ch = PyUnicode_READ(kind, data, i);
            next = ch < (Py_UCS4)size ? classes[ch] : 0;
            if (!(next & mask))
                break;
        }
        Py_ssize_t end = i;
        if (i >= length)
            next = 0; /* (no character after the last) */
        if (after && !(next & after))
            end--;
        if (end - start < least || end <= start)
            continue;
        PyObject *run = words ? PyUnicode_Substring(args[0], start, end) : span_of(start, end);
        if (run == NULL || PyList_Append(out, run) < 0)
            Py_CLEAR(out);
        Py_XDECREF(run);
    }
    return out;
}
