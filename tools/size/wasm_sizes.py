#!/usr/bin/env python3
"""Where the app's wasm bytes go: the code section's body size of every function, named by the
name section of the pre-bindgen wasm (target/wasm32-unknown-unknown/release/atwalk-app.wasm),
summed by crate and by module path, and the data section's size.

    python3 tools/size/wasm_sizes.py [WASM] [--depth N] [--top K] [--grep TEXT] [--gzip]

Sizes are raw (before wasm-opt and gzip), so they rank and compare; the shipped file is smaller.
Names are demangled roughly: `_ZN4yew4html...E` becomes `yew::html::...`; generic instances keep
the crate of their outermost path, so `core::ptr::drop_in_place<atwalk_app::...>` counts as core
unless --owner is given, which charges a function to the first `atwalk_*`/known crate in its name.

Legacy names hide a generic's arguments: every function component's body, inlined into Yew's
`CompStateInner<COMP>::view`, is charged to yew. Built with v0 symbol names, each is charged to its
component's module (`_R...` names become the module path of their first `atwalk_*` crate):

    RUSTFLAGS="-C symbol-mangling-version=v0" cargo build --profile wasm-release \
        --target wasm32-unknown-unknown -p atwalk-app --target-dir target/size-v0
    python3 tools/size/wasm_sizes.py \
        target/size-v0/wasm32-unknown-unknown/wasm-release/atwalk-app.wasm --owner --depth 3
"""
import re, sys, collections, zlib

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i

def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]; n, i = leb(b, i + 1)
        yield sid, b[i:i + n]; i += n

def v0_path(n):
    """The module path a v0 name (`_R...`) belongs to: from its first `atwalk_*` crate if it has
    one, else its first crate; lower-case identifiers only (modules), then the first type."""
    crates = [m for m in re.finditer(r'Cs[0-9A-Za-z]*_(\d+)', n)]
    pick = next((m for m in crates if n[m.end():].startswith('atwalk_')), crates[0] if crates else None)
    if pick is None:
        return n
    s, parts = n[pick.start(1):], []
    while True:
        m = re.match(r'(\d+)_?', s)
        if not m:
            break
        k = int(m.group(1)); s = s[m.end():]
        parts.append(s[:k]); s = s[k:]
        if parts[-1][:1].isupper():
            break
    return '::'.join(parts)

def demangle(n):
    if n.startswith('_R'):
        return v0_path(n)
    if n.startswith('_ZN'):
        i, parts = 3, []
        while i < len(n) and n[i].isdigit():
            j = i
            while n[j].isdigit(): j += 1
            k = int(n[i:j]); parts.append(n[j:j + k]); i = j + k
        if parts and re.fullmatch(r'h[0-9a-f]{16}', parts[-1]): parts.pop()
        s = '::'.join(parts)
        for a, c in (('$LT$', '<'), ('$GT$', '>'), ('$u20$', ' '), ('$C$', ','), ('$RF$', '&'),
                     ('$BP$', '*'), ('..', '::'), ('$u7b$', '{'), ('$u7d$', '}'), ('$u5b$', '['), ('$u5d$', ']')):
            s = s.replace(a, c)
        return s
    # Already demangled (wasm-bindgen and wasm-opt -g keep v0 names readable): drop crate hashes.
    return re.sub(r'\[[0-9a-f]{16}\]', '', n)

def main():
    args = sys.argv[1:]
    path = 'target/wasm32-unknown-unknown/release/atwalk-app.wasm'
    depth, top, grep, owner, gz = 2, 40, None, False, False
    while args:
        a = args.pop(0)
        if a == '--depth': depth = int(args.pop(0))
        elif a == '--top': top = int(args.pop(0))
        elif a == '--grep': grep = args.pop(0)
        elif a == '--owner': owner = True
        elif a == '--gzip': gz = True
        else: path = a
    b = open(path, 'rb').read()
    imports = 0; bodies = []; raw = []; names = {}; data = 0
    for sid, sec in sections(b):
        if sid == 2:
            n, i = leb(sec, 0)
            for _ in range(n):
                l, i = leb(sec, i); i += l; l, i = leb(sec, i); i += l
                kind = sec[i]; i += 1
                if kind == 0: imports += 1; _, i = leb(sec, i)
                elif kind == 1: i += 1; f, i = leb(sec, i); _, i = leb(sec, i); i = leb(sec, i)[1] if f & 1 else i
                elif kind == 2: f, i = leb(sec, i); _, i = leb(sec, i); i = leb(sec, i)[1] if f & 1 else i
                elif kind == 3: i += 2
        elif sid == 10:
            n, i = leb(sec, 0)
            for _ in range(n):
                l, i = leb(sec, i); bodies.append(l); raw.append(sec[i:i + l]); i += l
        elif sid == 11: data = len(sec)
        elif sid == 0:
            l, i = leb(sec, 0); nm = sec[i:i + l].decode(); i += l
            if nm != 'name': continue
            while i < len(sec):
                sub = sec[i]; sz, i = leb(sec, i + 1); end = i + sz
                if sub == 1:
                    n, j = leb(sec, i)
                    for _ in range(n):
                        idx, j = leb(sec, j); l, j = leb(sec, j); names[idx] = demangle(sec[j:j + l].decode('utf8', 'replace')); j += l
                i = end
    total = sum(bodies)
    groups = collections.Counter(); funcs = []; code = collections.defaultdict(list)
    for k, sz in enumerate(bodies):
        nm = names.get(imports + k, f'func{imports + k}')
        funcs.append((sz, nm))
        key = nm
        if owner:
            m = re.search(r'(atwalk_[a-z]+(?:::[a-z_0-9]+){0,%d})' % (depth - 1), nm)
            if m: key = m.group(1)
        key = re.sub(r'^<', '', key)
        parts = re.split(r'::', key)
        groups['::'.join(parts[:depth])] += sz
        code['::'.join(parts[:depth])].append(raw[k])
    print(f'code {total} bytes in {len(bodies)} functions; data {data} bytes')
    if grep:
        sel = [f for f in funcs if grep in f[1]]
        print(f'{sum(s for s, _ in sel)} bytes in {len(sel)} functions matching {grep!r}')
        for s, n in sorted(sel, reverse=True)[:top]: print(f'{s:8d}  {n[:160]}')
        return
    if gz:
        # Each group's code gzipped on its own (-9): what the part costs on the wire, roughly (the
        # whole file compresses a little better, its parts sharing a dictionary).
        print(f'{"raw":>8}  {"gzip":>8}  group')
        for g, s in groups.most_common(top):
            print(f'{s:8d}  {len(zlib.compress(b"".join(code[g]), 9)):8d}  {g}')
        return
    for g, s in groups.most_common(top): print(f'{s:8d}  {g}')
    print('--- largest functions')
    for s, n in sorted(funcs, reverse=True)[:top]: print(f'{s:8d}  {n[:160]}')

main()
