package dev.vibecoder.agent.llm.offline;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which names the generated Python project may use. The package sits in the project root, which is
 * first on {@code sys.path} when the tests run, so a package called {@code json} or {@code calendar}
 * would hide the standard library module of that name and break the program in confusing ways.
 */
final class PythonNames {

    /** The schema's projectName pattern; also a valid Python package name. */
    static final Pattern PROJECT_NAME = Pattern.compile("[a-z][a-z0-9_]{1,63}");

    private static final Set<String> KEYWORDS = Set.of(("False None True and as assert async await break class "
            + "continue def del elif else except finally for from global if import in is lambda nonlocal not or pass "
            + "raise return try while with yield case match type").split(" "));

    /** {@code sys.stdlib_module_names} of Python 3.11 without private modules, plus tools run from the root. */
    private static final Set<String> TAKEN_MODULES = Set.of(("abc aifc antigravity argparse array ast asynchat "
            + "asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 cprofile calendar cgi cgitb "
            + "chunk cmath cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib "
            + "contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils "
            + "doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions "
            + "ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html "
            + "http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 "
            + "linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt "
            + "multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os "
            + "ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath "
            + "pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re "
            + "readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal "
            + "site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl "
            + "stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny "
            + "tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib "
            + "trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid "
            + "venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile "
            + "zipimport zlib zoneinfo test tests pip setuptools wheel pkg_resources").split(" "));

    private PythonNames() {
    }

    static boolean isKeyword(String name) {
        return KEYWORDS.contains(name);
    }

    /** True when the name can be the generated package: valid, and hiding nothing on the import path. */
    static boolean isSafePackage(String name) {
        return name != null && PROJECT_NAME.matcher(name).matches() && !KEYWORDS.contains(name)
                && !TAKEN_MODULES.contains(name) && !name.endsWith("_");
    }

    /** Makes a candidate package name safe by suffixing it, or returns null when it is not a name at all. */
    static String safePackage(String name) {
        if (name == null || !PROJECT_NAME.matcher(name).matches()) {
            return null;
        }
        if (isSafePackage(name)) {
            return name;
        }
        String suffixed = name.replaceAll("_+$", "") + "_app";
        return isSafePackage(suffixed) ? suffixed : null;
    }
}
