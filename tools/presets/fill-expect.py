#!/usr/bin/env python3
"""Write each query's `expect` (par, path, hw_par, hw_abort) into preset files
from what `atwalk eval` computes for them, so that no expected value is typed
by hand. Run from the repository's top after `cargo build -p atwalk-cli`:

    python3 tools/presets/fill-expect.py presets/basics/4k-walk.json ...

Options after the files are passed to `atwalk eval` (e.g. `--kvm v1` for a
preset whose index entry says `"kvm": "v1"`). The file is rewritten as JSON
with two-space indentation; review the trace (`atwalk eval --trace`) before
committing: the values are what the walker says, not what the preset claims.

    python3 tools/presets/fill-expect.py --index

fills the `expect` list of every `also` run in presets/index.json (a run of
the preset under another KVM logic or fast-path PAN model) the same way.
"""

import json
import subprocess
import sys

ATWALK = 'target/debug/atwalk'


def expectations(path, opts):
    out = subprocess.run([ATWALK, 'eval', *opts, path], capture_output=True, text=True)
    if out.returncode == 2:
        sys.exit(out.stderr)
    found = []
    for r in json.loads(out.stdout)['results']:
        if 'hw_undefined' in r:
            sys.exit(f'{path}: {r["op"]} is UNDEFINED; a preset cannot expect that')
        expect = {'par': r['par'], 'path': r['path'], 'hw_par': r['hw_par']}
        if r['hw_par'] is None:
            expect['hw_abort'] = r['hw_abort']
        found.append(expect)
    return found


def fill_index():
    with open('presets/index.json') as f:
        index = json.load(f)
    for chapter in index['chapters']:
        for preset in chapter['presets']:
            for run in preset.get('also', []):
                opts = []
                if 'kvm' in run:
                    opts += ['--kvm', run['kvm']]
                if 'fast_path_pan' in run:
                    opts += ['--fast-path-pan', run['fast_path_pan']]
                run['expect'] = expectations('presets/' + preset['file'], opts)
                print(f'{preset["file"]} {" ".join(opts)}: {len(run["expect"])} expectations')
    with open('presets/index.json', 'w') as f:
        f.write(json.dumps(index, indent=2, ensure_ascii=False) + '\n')


def main(argv):
    if argv == ['--index']:
        fill_index()
        return
    files = [a for a in argv if a.endswith('.json')]
    opts = [a for a in argv if not a.endswith('.json')]
    for path in files:
        with open(path) as f:
            scenario = json.load(f)
        found = expectations(path, opts)
        for query, expect in zip(scenario['queries'], found):
            query['expect'] = expect
        with open(path, 'w') as f:
            f.write(json.dumps(scenario, indent=2, ensure_ascii=False) + '\n')
        print(f'{path}: {len(found)} expectations written')


if __name__ == '__main__':
    main(sys.argv[1:])
