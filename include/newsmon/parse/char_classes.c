/* The places where a character of a class stands between two others of their classes: the loop of
 * newsmon.parse.char_classes, compiled into the box reader's extension (box_reads.c includes this
 * file; see char_classes.py).
 */

/* class_places(text, classes, rules) -> the places i of the str `text` where, for one rule at
 * least, each of the three masks (the character before i, the one at i, the one after) is 0 or
 * shares a bit with that character's class: classes[code point] (bytes), 0 for a code point past
 * them and for no character (before the first, after the last). `rules` holds three masks a rule
 * (bytes). */
static PyObject *class_places(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    static const char usage[] = "class_places(text, classes, rules)";
    (void)module;
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "%s: the wrong number of arguments", usage);
        return NULL;
    }
    if (!PyUnicode_Check(args[0]) || !PyBytes_Check(args[1]) || !PyBytes_Check(args[2])
        || PyBytes_GET_SIZE(args[2]) % 3) {
        PyErr_Format(PyExc_TypeError, "%s: a str, then bytes, then bytes of three masks a rule", usage);
        return NULL;
    }
    if (PyUnicode_READY(args[0]) < 0)
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
                    break;
                }
            }
        }
        before = here;
        here = after;
    }
    return out;
}
