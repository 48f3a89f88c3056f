#!/usr/bin/env python3
"""Seeded random generator of at-scenario/1 scenarios for the QEMU conformance run.

Deterministic: scenario i of seed s depends only on (s, i) (each scenario has
its own random.Random), so any one vector can be regenerated alone.

The generator knows the geometry of a walk (granules, TxSZ, start levels,
descriptor and TTBR address formats, stage-2 start levels and concatenation)
so that it can build translation tables and aim queries at chosen slots:
existing descriptors of every kind at every level, the empty neighbouring
slots, the VA-range edges.  It does NOT compute the answers: QEMU does.

Layout (the payload's, see README.md): tables and every other word a
scenario writes lie in [TABLE_LO, TABLE_HI) = [0x42000000, 0x80000000);
the board's RAM is [0x40000000, 0x80000000) (-m 1G); with highmem=off there
is nothing above RAM, so a table at or above 0x80000000 (and below 2^52) is
in the hole and its read takes a synchronous external abort.

Usage: gen.py --seed 1 --count 10 [--out file.jsonl]   (no QEMU answers)
"""

import argparse
import json
import random
import sys

RAM_BASE = 0x40000000
RAM_SIZE = 0x40000000
RAM_END = RAM_BASE + RAM_SIZE
TABLE_LO = 0x42000000
TABLE_HI = RAM_END

# What qemu-system-aarch64 10.0.2 -cpu max implements among the features the
# walker models (run.py checks this against the ID registers at every boot).
QEMU_FEATURES = ["FEAT_PAN", "FEAT_PAN2", "FEAT_PAN3", "FEAT_HPDS", "FEAT_E0PD",
                 "FEAT_TTST", "FEAT_LVA", "FEAT_LPA", "FEAT_LPA2", "FEAT_HAFDBS"]
QEMU_PA_BITS = 52

OPS = ["S1E1R", "S1E1W", "S1E0R", "S1E0W", "S1E1RP", "S1E1WP"]   # no S1E1A: UNDEFINED in QEMU 10

GBITS = {4: 12, 16: 14, 64: 16}
TG0_ENC = {4: 0b00, 64: 0b01, 16: 0b10}
TG1_ENC = {16: 0b01, 4: 0b10, 64: 0b11}
PS_BITS = [32, 36, 40, 42, 44, 48, 52, 56]          # encoding 0..7 (7: reserved)

M64 = (1 << 64) - 1

# MAIR attribute bytes: (value, weight).  The architecture makes the last
# group UNPREDICTABLE; they are rare on purpose.
MAIR_GOOD = [(0x00, 6), (0x04, 4), (0x08, 3), (0x0c, 3), (0x44, 6), (0xff, 10),
             (0xbb, 3), (0xaa, 3), (0xee, 2), (0x4f, 2), (0xf4, 2), (0x47, 2),
             (0x74, 2), (0x11, 1), (0x77, 1), (0xcc, 1), (0x99, 1), (0x40, 2),
             (0xa0, 2), (0xf0, 2), (0x01, 1), (0x05, 1), (0x09, 1), (0x0d, 1)]
MAIR_UNPRED = [0x02, 0x03, 0x0e, 0x10, 0x20, 0x30, 0x80, 0xc0, 0xe0]


def hx(v):
    return "0x%016x" % (v & M64)


def bswap64(v):
    return int.from_bytes((v & M64).to_bytes(8, "little"), "big")


class Ctx:
    """Per-scenario state: random source, memory image, allocator."""

    def __init__(self, rng):
        self.r = rng
        self.mem = {}            # PA -> 64-bit word
        self.used = []           # allocated (lo, hi) PA ranges
        self.notes = []
        self.tags = set()         # coverage tags (private, stripped from the output)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, items):
        return self.r.choice(items)

    def wpick(self, pairs):
        tot = sum(w for _, w in pairs)
        x = self.r.random() * tot
        for v, w in pairs:
            x -= w
            if x < 0:
                return v
        return pairs[-1][0]

    def alloc(self, size, align):
        """A free, aligned PA range of `size` bytes in [TABLE_LO, TABLE_HI)."""
        align = max(align, 8)
        for _ in range(1000):
            lo = TABLE_LO + self.r.randrange((TABLE_HI - TABLE_LO - size) // align) * align
            lo -= lo % align
            if lo < TABLE_LO:
                continue
            hi = lo + size
            if all(hi <= a or lo >= b for a, b in self.used):
                self.used.append((lo, hi))
                return lo
        raise RuntimeError("allocator full")

    def write(self, pa, value):
        assert pa % 8 == 0 and TABLE_LO <= pa < TABLE_HI, hex(pa)
        value &= M64
        if value == 0:
            self.mem.pop(pa, None)
        else:
            self.mem[pa] = value

    def hole_addr(self, align, limit_bits):
        """An address in the hole above RAM, below 2**limit_bits."""
        top = 1 << limit_bits
        choices = [RAM_END, RAM_END + align, 0x100000000, 0x8000000000, top - align]
        a = self.pick(choices) if self.chance(0.6) else self.r.randrange(RAM_END, top)
        a -= a % align
        return max(a, RAM_END)


# --------------------------------------------------------------------------
# Walk geometry


def start_level(iasize, g):
    stride = g - 3
    return 3 - ((iasize - 1 - g) // stride)


def level_lsb(level, g):
    return (3 - level) * (g - 3) + g


def oa_size(ips_enc, gran, ds):
    ps = PS_BITS[ips_enc]
    mx = 52 if (gran == 64 or ds) else 48
    return min(ps, mx, QEMU_PA_BITS)


def block_allowed(gran, level, ds):
    if gran == 4:
        return level in (1, 2) or (level == 0 and ds)
    if gran == 16:
        return level == 2 or (level == 1 and ds)
    return level == 2 or (level == 1 and QEMU_PA_BITS >= 52)


def enc_oa(addr, gran, ds):
    """Put an output / next-table address into descriptor bits."""
    g = GBITS[gran]
    d = addr & ((1 << 48) - 1) & ~((1 << g) - 1)
    if gran == 64:
        d |= ((addr >> 48) & 0xf) << 12
    elif ds:
        d |= addr & (0x3 << 48)
        d |= ((addr >> 50) & 0x3) << 8
    return d


def enc_ttbr(addr, wide):
    """TTBR BADDR: bits [47:1], or with 52-bit addresses [47:6] + [51:48] in [5:2]."""
    if wide:
        return (addr & ((1 << 48) - 1) & ~0x3f) | (((addr >> 48) & 0xf) << 2)
    return addr & ((1 << 48) - 1) & ~1


class Half:
    """Walk parameters of one TTBR half (or of stage 2)."""

    def __init__(self, gran, txsz, ds, ips_enc, hpd=0):
        self.gran = gran
        self.g = GBITS[gran]
        self.txsz = txsz
        self.ds = ds if gran in (4, 16) else 0
        mn = 12 if (gran == 64 or self.ds) else 16
        mx = 47 if gran == 64 else 48
        self.txsz_legal = mn <= txsz <= mx
        self.eff_txsz = min(max(txsz, mn), mx)
        self.iasize = 64 - self.eff_txsz
        self.start = start_level(self.iasize, self.g)
        self.oasize = oa_size(ips_enc, gran, self.ds)
        self.ips_enc = ips_enc
        self.wide_ttbr = bool(self.ds or (gran == 64 and ips_enc == 6))

    def index_bits(self, level):
        lsb = level_lsb(level, self.g)
        msb = self.iasize - 1 if level == self.start else lsb + self.g - 4
        return lsb, msb - lsb + 1

    def table_bytes(self, level):
        return 8 << self.index_bits(level)[1]


# --------------------------------------------------------------------------
# Translation tables


class Table:
    def __init__(self, level, pa, addr, nbits):
        self.level = level
        self.pa = pa          # where its words are written
        self.addr = addr      # the address the walk uses (IPA under stage 2)
        self.nbits = nbits
        self.slots = {}       # index -> ("table", Table) | ("leaf"|"invalid"|"bad", desc)


class Stage1Builder:
    """Builds one half's tables and remembers the paths to aim queries at."""

    def __init__(self, ctx, half, s2, ee=False):
        self.c = ctx
        self.h = half
        self.s2 = s2           # Stage2 or None
        self.ee = ee           # SCTLR_EL1.EE: stage-1 descriptors are big-endian
        self.targets = []      # (list of indices from start level, kind, level)
        self.root = None

    def put(self, pa, desc):
        """Write a stage-1 descriptor as the walk will read it (SCTLR_EL1.EE)."""
        self.c.write(pa, bswap64(desc) if self.ee else desc)

    def new_table(self, level):
        nbytes = self.h.table_bytes(level)
        align = max(nbytes, 64 if self.h.wide_ttbr else 8)
        pa = self.c.alloc(max(nbytes, 8), align)
        addr = self.s2.ipa_for(pa) if self.s2 else pa
        return Table(level, pa, addr, self.h.index_bits(level)[1])

    def build(self, ntargets):
        self.root = self.new_table(self.h.start)
        if self.s2:
            self.s2.need(self.root.addr, self.root.pa, self.h.table_bytes(self.h.start))
        for _ in range(ntargets):
            self.add_target()

    def rand_index(self, t):
        n = 1 << t.nbits
        r = self.c.r
        x = r.random()
        if x < 0.25:
            return 0
        if x < 0.4:
            return n - 1
        if x < 0.55 and t.slots:
            k = r.choice(list(t.slots))      # neighbour of an existing slot
            return (k + r.choice((-1, 1))) % n
        return r.randrange(n)

    def add_target(self):
        c = self.c
        t = self.root
        path = []
        while True:
            idx = self.rand_index(t)
            # Prefer to reuse existing tables so that walks go deep.
            if t.slots and c.chance(0.5):
                tabs = [k for k, v in t.slots.items() if v[0] == "table"]
                if tabs:
                    idx = c.pick(tabs)
            path.append(idx)
            slot = t.slots.get(idx)
            if slot is not None:
                if slot[0] == "table":
                    t = slot[1]
                    continue
                self.targets.append((list(path), slot[0], t.level))
                return
            kind = self.choose_kind(t.level)
            if kind == "table":
                nt = self.new_table(t.level + 1)
                desc = self.table_desc(nt)
                self.put(t.pa + 8 * idx, desc)
                t.slots[idx] = ("table", nt)
                c.tags.add("s1 table at L%d (%dK)" % (t.level, self.h.gran))
                if (desc >> 59) & 0xf:
                    c.tags.add("APTable/XNTable/PXNTable set")
                if self.s2:
                    self.s2.need(nt.addr, nt.pa, self.h.table_bytes(t.level + 1))
                t = nt
                continue
            desc = self.terminal_desc(kind, t.level)
            c.tags.add("s1 %s at L%d (%dK)" % (kind, t.level, self.h.gran))
            if kind == "block" and self.h.gran == 64 and t.level == 1 and self.h.oasize < 42:
                c.tags.add("64K level-1 block with output size < 42 bits")
            if kind in ("block", "page") and not self.h.ds and (desc >> 8) & 3 == 1:
                c.tags.add("SH=0b01 (reserved)")
            self.put(t.pa + 8 * idx, desc)
            t.slots[idx] = (kind, desc)
            self.targets.append((list(path), kind, t.level))
            return

    def choose_kind(self, level):
        c = self.c
        if level == 3:
            return c.wpick([("page", 70), ("reserved3", 8), ("invalid", 12)])
        ok = block_allowed(self.h.gran, level, self.h.ds)
        return c.wpick([("table", 62 if level < 2 else 50),
                        ("block", 18 if ok else 0), ("badblock", 0 if ok else 5),
                        ("invalid", 8), ("table_hole", 3), ("table_far", 3)])

    def table_desc(self, nt):
        c = self.c
        d = 0b11 | enc_oa(nt.addr, self.h.gran, self.h.ds)
        if c.chance(0.3):
            d |= c.r.randrange(1, 4) << 61          # APTable
        if c.chance(0.2):
            d |= 1 << 60                            # UXNTable
        if c.chance(0.2):
            d |= 1 << 59                            # PXNTable
        if c.chance(0.1):
            d |= 1 << 63                            # NSTable (ignored in Non-secure)
        if c.chance(0.15):                          # ignored bits
            d |= c.r.randrange(1 << 6) << 2
            d |= c.r.randrange(1 << 7) << 52
            if not self.h.ds:
                d |= c.r.randrange(4) << 10
        return d

    def oa(self, level):
        """A plausible or deliberately out-of-range output address."""
        c = self.c
        size_bits = level_lsb(level, self.h.g)
        oas = self.h.oasize
        x = c.r.random()
        if x < 0.55:
            a = c.r.randrange(1 << min(oas, 40))
        elif x < 0.7:
            a = (1 << oas) - (1 << size_bits)      # the last block that fits
        elif x < 0.8:
            a = 1 << oas                            # just above the output size
        elif x < 0.9:
            a = c.r.randrange(1 << 52)
        else:
            a = c.pick([0, RAM_BASE, 0x80000000, 1 << 40, 1 << 47, 1 << 48, 1 << 51])
        a &= (1 << 52) - 1
        a &= ~((1 << size_bits) - 1)
        return a

    def leaf_attrs(self, d):
        c = self.c
        d |= c.r.randrange(8) << 2                  # AttrIndx
        if c.chance(0.3):
            d |= 1 << 5                             # NS (RES0/ignored here)
        d |= c.wpick([(0, 3), (1, 3), (2, 3), (3, 3)]) << 6   # AP[2:1]
        if not self.h.ds:
            d |= c.wpick([(0, 3), (1, 1), (2, 3), (3, 4)]) << 8   # SH (0b01 reserved)
        if c.chance(0.85):
            d |= 1 << 10                            # AF
        if c.chance(0.5):
            d |= 1 << 11                            # nG
        if c.chance(0.1):
            d |= 1 << 51                            # DBM
        if c.chance(0.05):
            d |= 1 << 52                            # Contiguous
        if c.chance(0.35):
            d |= 1 << 53                            # PXN
        if c.chance(0.35):
            d |= 1 << 54                            # UXN
        if c.chance(0.15):
            d |= c.r.randrange(16) << 55            # software use
        return d

    def terminal_desc(self, kind, level):
        c = self.c
        if kind == "invalid":
            if c.chance(0.4):
                return c.r.getrandbits(64) & ~1     # bit 0 clear, junk elsewhere
            return 0
        if kind == "table_hole":
            a = c.hole_addr(1 << self.h.g, min(self.h.oasize, 48))
            return 0b11 | enc_oa(a, self.h.gran, self.h.ds)
        if kind == "table_far":
            # A next-level table whose address has bits set above the output
            # size: OA[51:48] in bits [15:12] (64K), OA[51:50] in bits [9:8]
            # or OA[49:48] (DS), or bits [47:oasize]; with only RES0 bits
            # [49:48] set in the 48-bit 4K/16K format.  The low bits name a
            # real, empty table, so a walker that drops the high bits reads
            # scenario memory (zeros), never the payload's area.
            nt = self.new_table(level + 1)
            if self.s2:
                self.s2.need(nt.addr, nt.pa, self.h.table_bytes(level + 1))
            d = enc_oa(nt.addr, self.h.gran, self.h.ds)
            if self.h.gran == 64:
                d |= c.r.randrange(1, 16) << 12
            elif self.h.ds:
                if c.chance(0.5):
                    d |= c.r.randrange(1, 4) << 8
                else:
                    d |= c.r.randrange(1, 4) << 48
            elif self.h.oasize < 48 and c.chance(0.7):
                d |= 1 << c.r.randrange(self.h.oasize, 48)
            else:
                d |= c.r.randrange(1, 4) << 48
            return d | 0b11
        if kind == "reserved3":
            return self.leaf_attrs(0b01 | enc_oa(self.oa(3), self.h.gran, self.h.ds))
        if kind in ("block", "badblock"):
            d = self.leaf_attrs(0b01 | enc_oa(self.oa(level), self.h.gran, self.h.ds))
            size_bits = level_lsb(level, self.h.g)
            lo = 17 if self.h.gran == 64 else 12
            if size_bits > lo and c.chance(0.1):
                # RES0 bits below the block's alignment (never bit 16, nT)
                junk = c.r.getrandbits(size_bits - lo) << lo & ~(1 << 16)
                if junk:
                    d |= junk
                    c.tags.add("block with RES0 bits below its size set")
            if c.chance(0.02) and size_bits > 16:
                d |= 1 << 16
                c.tags.add("block with nT (bit 16) set")
            return d
        if kind == "page":
            d = self.leaf_attrs(0b11 | enc_oa(self.oa(3), self.h.gran, self.h.ds))
            if not self.h.ds and self.h.gran != 64 and c.chance(0.05):
                d |= c.r.randrange(1, 4) << 48       # RES0 bits [49:48] in the 48-bit format
            return d
        raise ValueError(kind)


# --------------------------------------------------------------------------
# Stage 2 (the guest hypervisor's, on the stage-1 walk)

S2_SL0 = {
    4: {2: (0, 0), 1: (1, 0), 0: (2, 0), 3: (3, 0), -1: (0, 1)},
    16: {3: (0, 0), 2: (1, 0), 1: (2, 0), 0: (3, 0)},
    64: {3: (0, 0), 2: (1, 0), 1: (2, 0)},
}


class Stage2:
    def __init__(self, ctx, theme):
        c = self.c = ctx
        self.gran = c.pick([4, 16, 64])
        self.g = GBITS[self.gran]
        stride = self.g - 3
        self.ds = 1 if (self.gran in (4, 16) and c.chance(0.15)) else 0
        maxia = 52 if (self.gran == 64 or self.ds) else 48
        self.iasize = c.pick([32, 33, 36, 39, 40, 42, 44, 48, maxia, c.r.randrange(25, maxia + 1)])
        self.ps_enc = c.wpick([(5, 5), (4, 2), (2, 2), (3, 1), (1, 1), (0, 1), (6, 2), (7, 1)])
        self.oasize = oa_size(self.ps_enc, self.gran, self.ds)
        valid = []
        for lvl, (sl0, sl2) in S2_SL0[self.gran].items():
            if lvl == -1 and not self.ds:
                continue
            if self.gran == 16 and lvl == 0 and not self.ds:
                continue
            smin = (3 - lvl) * stride + self.g + 1
            if smin <= self.iasize <= smin + stride - 1 + 4:
                valid.append(lvl)
        self.bad_sl = not valid or c.chance(0.04)
        if self.bad_sl:
            lvl = c.pick(list(S2_SL0[self.gran]))
            self.notes = "stage-2 SL0 inconsistent with T0SZ or invalid"
        else:
            lvl = c.pick(valid)
            self.notes = ""
        self.start = lvl
        c.tags.add("s2 %dK start L%d%s" % (self.gran, lvl, " (bad SL0)" if self.bad_sl else ""))
        if not self.bad_sl and self.iasize - level_lsb(lvl, self.g) > self.g - 3:
            c.tags.add("s2 concatenated start tables")
        sl0, sl2 = S2_SL0[self.gran][lvl]
        if c.chance(0.02):
            sl0 = 3
        self.t0sz = 64 - self.iasize
        if c.chance(0.03):
            self.t0sz = c.pick([0, 8, 11, 49, 50, 63])
            c.tags.add("s2 T0SZ out of range")
            self.notes += " VTCR_EL2.T0SZ out of range"
        self.vtcr = (self.t0sz | (sl0 << 6) | (c.r.randrange(4) << 8) | (c.r.randrange(4) << 10)
                     | (c.pick([0, 2, 3]) << 12) | (TG0_ENC[self.gran] << 14) | (self.ps_enc << 16)
                     | (1 << 31))                                       # RES1
        if self.ds:
            self.vtcr |= 1 << 32
            if sl2:
                self.vtcr |= 1 << 33
        if c.chance(0.05):
            self.vtcr |= 1 << 21                                        # HA
        lsb = level_lsb(lvl, self.g)
        root_bits = max(self.iasize - lsb, 0)
        self.root_bytes = 8 << min(root_bits, self.g - 3 + 4)
        wide = self.ds or (self.gran == 64 and self.ps_enc == 6)
        self.root_pa = c.alloc(self.root_bytes, max(self.root_bytes, 64 if wide else 8))
        self.root = Table(lvl, self.root_pa, self.root_pa, min(root_bits, self.g - 3 + 4))
        self.vttbr = enc_ttbr(self.root_pa, wide) | (c.r.randrange(1 << 16) << 48)
        # IPA = PA + delta for the stage-1 tables.
        self.delta = c.wpick([(0, 5), (-0x40000000, 2), (0x100000000, 2),
                              (1 << (self.iasize - 1), 1), (1 << self.iasize, 1)])
        if self.delta >= (1 << self.iasize):
            c.tags.add("s2 IPA beyond T0SZ")
            self.notes += " stage-1 tables at IPAs beyond the stage-2 input size"
        self.edge_p = 0.35 if theme == "s2" else 0.2
        self.mapped = {}          # s2 page IPA -> kind

    def ipa_for(self, pa):
        return pa + self.delta

    def need(self, ipa, pa, nbytes):
        """Map the stage-2 page(s) holding [ipa, ipa+nbytes) to pa."""
        page = 1 << self.g
        a = ipa - ipa % page
        while a < ipa + nbytes:
            if a not in self.mapped:
                self.map_page(a, pa + (a - ipa))
            a += page

    def map_page(self, ipa, pa):
        c = self.c
        kind = "ok"
        if c.chance(self.edge_p):
            kind = c.pick(["missing", "noread", "af0", "device", "oa_far", "table_hole",
                           "badblock", "reserved3"])
        self.mapped[ipa] = kind
        c.tags.add("s2 page: %s" % kind)
        if ipa >= (1 << 56) or ipa < 0:
            return
        # leaf level: a block if the delta keeps alignment, else a page
        leaf = 3
        for lvl in (2, 1):
            bs = 1 << level_lsb(lvl, self.g)
            if (block_allowed(self.gran, lvl, self.ds) and lvl >= self.start
                    and self.delta % bs == 0 and c.chance(0.3)):
                leaf = lvl
                break
        if kind == "missing":
            leaf = c.r.randrange(self.start, 4)
        elif kind == "badblock":
            cands = [l for l in range(max(self.start, 0), 3) if not block_allowed(self.gran, l, self.ds)]
            if not cands:
                kind = "reserved3"
                self.mapped[ipa] = kind
            else:
                leaf = c.pick(cands)
        if kind == "reserved3":
            leaf = 3
        if kind == "table_hole":
            leaf = c.r.randrange(max(self.start, 0) + 1, 4) if self.start < 3 else 3
        if leaf < self.start:
            leaf = self.start
        t = self.root
        while True:
            lsb = level_lsb(t.level, self.g)
            idx = (ipa >> lsb) & ((1 << t.nbits) - 1)
            slot = t.slots.get(idx)
            if t.level == leaf or (kind == "table_hole" and t.level == leaf - 1 and slot is None):
                break
            if slot is not None:
                if slot[0] == "table":
                    t = slot[1]
                    continue
                return                       # already covered by a leaf or a hole
            nbytes = 1 << self.g
            npa = c.alloc(nbytes, nbytes)
            nt = Table(t.level + 1, npa, npa, self.g - 3)
            c.write(t.pa + 8 * idx, 0b11 | enc_oa(npa, self.gran, self.ds))
            t.slots[idx] = ("table", nt)
            t = nt
        if idx in t.slots:
            return
        if kind == "missing":
            d = 0
        elif kind == "table_hole":
            d = 0b11 | enc_oa(c.hole_addr(1 << self.g, min(self.oasize, 48)), self.gran, self.ds)
        else:
            bs = 1 << level_lsb(t.level, self.g)
            oa = pa - pa % bs
            if kind == "oa_far":
                oa = (oa | (1 << self.oasize)) & ((1 << 52) - 1)
            d = (0b01 if (t.level < 3 or kind == "reserved3") else 0b11) | enc_oa(oa, self.gran, self.ds)
            memattr = 0b1111
            if kind == "device":
                memattr = c.pick([0b0000, 0b0001, 0b0010, 0b0011])
            elif c.chance(0.2):
                memattr = c.pick([0b0101, 0b1010, 0b1111, 0b0110, 0b1011])
            d |= memattr << 2
            s2ap = c.pick([0b01, 0b11]) if kind != "noread" else c.pick([0b00, 0b10])
            d |= s2ap << 6
            if not self.ds:
                d |= c.pick([0, 2, 3]) << 8
            if kind != "af0":
                d |= 1 << 10
            if c.chance(0.2):
                d |= c.r.randrange(4) << 53          # XN
        c.write(t.pa + 8 * idx, d)
        t.slots[idx] = ("leaf", d)


# --------------------------------------------------------------------------
# Scenarios

THEMES = [("s1", 34), ("perm", 16), ("va", 10), ("oa", 12), ("attr", 7), ("off", 5), ("s2", 16)]


def gen_scenario(seed, index):
    r = random.Random("atwalk-conformance/%d/%d" % (seed, index))
    c = Ctx(r)
    theme = c.wpick(THEMES)

    # ---- stage-1 registers
    ds = 1 if c.chance(0.25 if theme == "oa" else 0.08) else 0
    grans = [c.pick([4, 16, 64]), c.pick([4, 16, 64])]
    if ds and c.chance(0.7):
        grans = [c.pick([4, 16]), c.pick([4, 16])]
    ips_enc = c.wpick([(5, 6), (2, 3), (0, 2), (1, 2), (3, 1), (4, 2), (6, 3), (7, 1)])
    if theme == "oa":
        ips_enc = c.wpick([(0, 3), (1, 3), (2, 3), (3, 1), (4, 1), (5, 2), (6, 3), (7, 1)])

    def pick_txsz(gran):
        mn = 12 if (gran == 64 or (ds and gran != 64)) else 16
        mx = 47 if gran == 64 else 48
        x = r.random()
        if theme == "oa" and x < 0.3:
            if gran == 4 and ds:
                return r.randrange(12, 16)               # start at level -1
            if gran == 64:
                return r.randrange(12, 22)               # start at level 1: 4 TB blocks
        if theme == "va" and x < 0.3:
            return c.pick([mn - 1, mn, mx, mx + 1, 0, 63, 39, 40, 11, 8])
        if x < 0.05:
            return c.pick([mn - 1, mx + 1, r.randrange(64)])
        if x < 0.4:
            return c.pick([16, 25, 28, 33, 39, mn, 42, 44, mx])
        return r.randrange(mn, mx + 1)

    txsz = [pick_txsz(grans[0]), pick_txsz(grans[1])]
    halves = [Half(grans[i], txsz[i], ds, ips_enc) for i in range(2)]

    tcr = txsz[0] | (txsz[1] << 16)
    tcr |= TG0_ENC[grans[0]] << 14
    tcr |= TG1_ENC[grans[1]] << 30
    tcr |= ips_enc << 32
    tcr |= r.randrange(4) << 8 | r.randrange(4) << 10 | c.pick([0, 2, 3]) << 12      # IRGN0 ORGN0 SH0
    tcr |= r.randrange(4) << 24 | r.randrange(4) << 26 | c.pick([0, 2, 3]) << 28     # IRGN1 ORGN1 SH1
    if c.chance(0.5):
        tcr |= 1 << 36                                      # AS
    if c.chance(0.3):
        tcr |= 1 << 22                                      # A1
    epd = [c.chance(0.12 if theme == "va" else 0.04), c.chance(0.2 if theme == "va" else 0.08)]
    tcr |= epd[0] << 7 | epd[1] << 23
    tbi = [c.chance(0.3), c.chance(0.3)]
    tcr |= tbi[0] << 37 | tbi[1] << 38
    hpd_p = 0.35 if theme == "perm" else 0.15
    hpd = [c.chance(hpd_p), c.chance(hpd_p)]
    tcr |= hpd[0] << 41 | hpd[1] << 42
    e0pd_p = 0.2 if theme == "va" else 0.06
    tcr |= c.chance(e0pd_p) << 55 | c.chance(e0pd_p) << 56
    ha = c.chance(0.08)
    hd = ha and c.chance(0.5)
    tcr |= ha << 39 | hd << 40
    if ds:
        tcr |= 1 << 59

    sctlr_m = not c.chance(0.6 if theme == "off" else 0.02)
    sctlr = int(sctlr_m)
    sctlr |= (not c.chance(0.3 if theme == "attr" else 0.08)) << 2          # C
    sctlr |= c.chance(0.3 if theme == "perm" else 0.08) << 19               # WXN
    sctlr |= c.chance(0.5) << 23                                            # SPAN (irrelevant)
    sctlr |= c.chance(0.5 if theme == "perm" else 0.3) << 57                # EPAN
    sctlr |= 1 << 12 if c.chance(0.7) else 0                                # I (irrelevant)
    ee = c.chance(0.03)
    sctlr |= ee << 25                                                       # EE: big-endian stage-1 walks

    mair = 0
    for i in range(8):
        v = c.pick(MAIR_UNPRED) if c.chance(0.04 if theme == "attr" else 0.015) else c.wpick(MAIR_GOOD)
        mair |= v << (8 * i)

    pan = c.chance(0.5 if theme == "perm" else 0.35)

    # ---- HCR_EL2 and stage 2
    s2 = None
    hcr = 0
    want_s2 = theme == "s2" or c.chance(0.1)
    if want_s2:
        hcr |= 1                                            # VM
        s2 = Stage2(c, theme)
        if s2.notes:
            c.notes.append(s2.notes.strip())
        if c.chance(0.5 if theme == "s2" else 0.2):
            hcr |= 1 << 2                                   # PTW
    elif c.chance(0.01):
        hcr |= 1 << 2                                       # PTW with stage 2 off (a QEMU bug: README)
    if c.chance(0.4 if theme == "off" else 0.03):
        hcr |= 1 << 12                                      # DC
        if s2 is None and c.chance(0.5):
            s2 = Stage2(c, theme)
    if c.chance(0.1):
        hcr |= 1 << 32                                      # CD

    # ---- tables
    stage1_on = sctlr_m and not (hcr >> 12) & 1
    ttbr = [0, 0]
    builders = []
    for i in (0, 1):
        h = halves[i]
        b = Stage1Builder(c, h, s2 if (hcr & 1 or (hcr >> 12) & 1) else None, ee)
        nt = r.randint(1, 5) if stage1_on else r.randint(0, 1)
        if nt or c.chance(0.5):
            b.build(nt)
            base = b.root.addr
            if c.chance(0.03):
                base = c.hole_addr(h.table_bytes(h.start), min(h.oasize, 48))
                c.notes.append("TTBR%d points into the hole" % i)
            elif c.chance(0.03):
                base |= 1 << h.oasize if h.oasize < 52 else 0
                c.notes.append("TTBR%d above the output size" % i)
            ttbr[i] = enc_ttbr(base, h.wide_ttbr)
            tsize = max(h.table_bytes(h.start).bit_length() - 1, 6 if h.wide_ttbr else 0)
            lo = 6 if h.wide_ttbr else 1
            if tsize > lo and c.chance(0.08):
                ttbr[i] |= c.r.getrandbits(tsize - lo) << lo
                c.tags.add("TTBR BADDR bits below the table's alignment set")
        else:
            nb = h.table_bytes(h.start)
            ttbr[i] = enc_ttbr(c.alloc(nb, max(nb, 64)), h.wide_ttbr)    # an empty table
        ttbr[i] |= r.randrange(1 << 16) << 48 if c.chance(0.5) else 0  # ASID
        if c.chance(0.2):
            ttbr[i] |= 1                                         # CnP
        builders.append(b)

    # ---- queries
    cands = []

    def va_for(half_i, path, b, low_bits=None):
        h = halves[half_i]
        va = 0
        lvl = h.start
        for idx in path:
            lsb, _ = h.index_bits(lvl)
            va |= idx << lsb
            lvl += 1
        lsb_last = h.index_bits(lvl - 1)[0] if path else h.g
        va |= r.randrange(1 << lsb_last) if low_bits is None else low_bits
        va &= (1 << h.iasize) - 1
        if half_i == 1:
            va |= M64 & ~((1 << h.iasize) - 1)
        if tbi[half_i] and c.chance(0.4):
            va = (va & ~(0xff << 56)) | (r.randrange(256) << 56)
            va = (va & ~(1 << 55)) | (half_i << 55)
        return va & M64

    for i, b in enumerate(builders):
        h = halves[i]
        for path, kind, lvl in b.targets:
            cands.append(("target:%s@L%d" % (kind, lvl), va_for(i, path, b)))
            # the empty neighbouring slot at a random level of the path
            k = r.randrange(len(path))
            lv = h.start + k
            n = 1 << h.index_bits(lv)[1]
            p2 = list(path[:k + 1])
            p2[k] = (p2[k] + c.pick([-1, 1])) % n
            cands.append(("neighbour@L%d" % lv, va_for(i, p2, b)))
    # VA-range edges
    for i in (0, 1):
        h = halves[i]
        base = 0 if i == 0 else M64 & ~((1 << h.iasize) - 1)
        cands.append(("range:first", base | r.randrange(1 << h.g)))
        cands.append(("range:last", (base | ((1 << h.iasize) - 1)) - r.randrange(1 << h.g)))
        if h.iasize < 56:
            bit = r.randrange(h.iasize, 56)
            cands.append(("range:out-of-range bit %d" % bit, (base ^ (1 << bit)) | r.randrange(1 << 12)))
        tag = r.randrange(1, 256)
        cands.append(("range:tagged", ((base | r.randrange(1 << min(h.iasize, 40))) & ~(0xff << 56)) | (tag << 56)
                      | (i << 55)))
    if not stage1_on:
        for va in (0, RAM_BASE | r.randrange(1 << 20), (1 << 48) - 8, 1 << 48, (1 << 52) - 4096,
                   1 << 52, r.getrandbits(64), (0xa5 << 56) | r.randrange(1 << 40), M64 & ~0xfff):
            cands.append(("mmu-off", va))

    nq = r.randint(1, 8)
    targets = [x for x in cands if not x[0].startswith("range") and x[0] != "mmu-off"]
    queries = []
    for _ in range(nq):
        x = r.random()
        if targets and x < 0.7:
            label, va = c.pick(targets)
        else:
            label, va = c.pick(cands)
        if pan and c.chance(0.4):
            op = c.pick(["S1E1RP", "S1E1WP"])
        else:
            op = c.pick(OPS)
        queries.append({"op": op, "va": hx(va), "_label": label})

    t = c.tags
    for i in (0, 1):
        h = halves[i]
        t.add("TTBR%d %dK start L%d" % (i, h.gran, h.start))
        if not h.txsz_legal:
            t.add("T%dSZ out of range" % i)
        for name, on in (("EPD", epd[i]), ("TBI", tbi[i]), ("HPD", hpd[i]),
                         ("E0PD", (tcr >> (55 + i)) & 1)):
            if on:
                t.add("%s%d" % (name, i))
    t.add("IPS %d bits" % PS_BITS[ips_enc])
    for name, on in (("DS", ds), ("SCTLR.EE", ee), ("HA", ha), ("HD", hd), ("PSTATE.PAN", pan),
                     ("SCTLR.EPAN", (sctlr >> 57) & 1), ("SCTLR.WXN", (sctlr >> 19) & 1),
                     ("SCTLR.C=0", not (sctlr >> 2) & 1), ("SCTLR.M=0", not sctlr_m),
                     ("HCR.VM", hcr & 1), ("HCR.PTW", (hcr >> 2) & 1), ("HCR.DC", (hcr >> 12) & 1),
                     ("HCR.CD", (hcr >> 32) & 1)):
        if on:
            t.add(name)
    for i in range(8):
        if (mair >> (8 * i)) & 0xff in MAIR_UNPRED:
            t.add("MAIR UNPREDICTABLE encoding")

    title = "conformance seed %d #%d (%s)" % (seed, index, theme)
    notes = ["Generated by tools/conformance/gen.py (theme %s)." % theme]
    notes += c.notes
    scen = {
        "format": "at-scenario/1",
        "title": title,
        "notes": " ".join(notes),
        "cpu": {
            "TCR_EL1": hx(tcr),
            "TTBR0_EL1": hx(ttbr[0]),
            "TTBR1_EL1": hx(ttbr[1]),
            "MAIR_EL1": hx(mair),
            "SCTLR_EL1": hx(sctlr),
            "HCR_EL2": hx(hcr),
            "VTCR_EL2": hx(s2.vtcr if s2 else 0),
            "VTTBR_EL2": hx(s2.vttbr if s2 else 0),
            "PSTATE_PAN": pan,
        },
        "memory": {hx(a): hx(v) for a, v in sorted(c.mem.items())},
        "ram": [{"base": hx(RAM_BASE), "size": hx(RAM_SIZE)}],
        "features": list(QEMU_FEATURES),
        "pa_bits": QEMU_PA_BITS,
        "queries": queries,
        "_tags": sorted(c.tags),
    }
    return scen


def strip_private(scen):
    scen.pop("_tags", None)
    for q in scen["queries"]:
        q.pop("_label", None)
    return scen


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--out", default="-")
    ap.add_argument("--labels", action="store_true", help="keep the generator's query labels (_label)")
    a = ap.parse_args()
    out = sys.stdout if a.out == "-" else open(a.out, "w")
    for i in range(a.start, a.start + a.count):
        s = gen_scenario(a.seed, i)
        if not a.labels:
            strip_private(s)
        out.write(json.dumps(s, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
