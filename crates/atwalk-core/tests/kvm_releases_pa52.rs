//! KVM v6.18's 52-bit (LPA2) output addresses in the software walk
//! (docs/kvm-model.md, "Releases"): exact `par`, `path` and `hw_par`
//! before (v6.12..v6.17: every walk a 48-bit one) and from v6.18 (with
//! wi->pa52bit: TTBR[5:2] as BADDR[51:48], descriptor OA bits, 4KB level 0
//! blocks, SH from TCR_EL1). No shadow MMU, so KVM walks in software.
//! PARs in hex: F=bit 0, FST=[6:1], PTW=8, S=9, bit 11 RES1.

mod kvm_support;
use kvm_support::*;

use KvmPath::Slow;
use KvmRelease::*;

/// TCR_EL1.DS (bit 59).
const DS: u64 = 1 << 59;
/// TCR_EL1.SH0 = 0b11 (bits [13:12]): with DS the shareability of every
/// walk through TTBR0_EL1.
const SH0_IS: u64 = 0b11 << 12;
/// The example's page without SH (bits [9:8], OA[51:50] with DS).
const PAGE_DS: u64 = PAGE & !0x300;

#[test]
fn four_kb_level_0_block_is_valid_from_v6_18() {
    // 4KB, T0SZ=16 (start level 0), DS=1, IPS=0b101 (48 bits), SH0=0b11.
    // The level 0 entry is a block: OA 0, AF, AP=0b01, AttrIndx 0. The
    // architecture allows it with DS (AArch64.BlockDescSupported()): the
    // PA is the VA, SH from TCR_EL1.SH0: 0xff00_0000_0020_1b80. Before
    // v6.18 walk_s1() allows 4KB blocks at levels 1 and 2 only: a level 0
    // Translation fault (0x809; PTW set too before v6.16: 0x909). From
    // v6.18 (5da3a3b27a01) the block is valid; KVM's PAR has NS=0.
    let tcr = DS | (0b101 << 32) | (1 << 23) | SH0_IS | 16;
    let s = Sc::example().reg("TCR_EL1", tcr).word(L1, 0x441).no_mmu();
    let (before, after) = split_at(V6_18);
    for r in before {
        let q = s.run_in("S1E1R", VA, r);
        let par = if r < V6_16 { 0x909 } else { 0x809 };
        check(&q, par, Slow, 0xff00_0000_0020_1b80);
        let mut names = vec!["Lpa2NotDecoded", "BlockRejected"];
        if r < V6_16 {
            names.push("PtwOnS1Fault");
        }
        assert_eq!(diff_names(&q), names, "{r}");
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0xff00_0000_0020_1980, Slow, 0xff00_0000_0020_1b80);
        assert_eq!(diff_names(&q), ["ParEncoding"], "{r}");
    }
}

#[test]
fn descriptor_oa_bits_49_48_fault_from_v6_18() {
    // FEAT_LPA2, 52-bit PAs, DS=1, IPS=0b110, SH0=0b11; the page's
    // OA[49:48]=0b01 puts it at 0x1_0000_4040_0000. Hardware: PA there,
    // 0xff01_0000_4040_0b80. Before v6.18 KVM cuts the descriptor at bit
    // 47 and reads desc[9:8] as SH: 0xff00_0000_4040_0800. From v6.18
    // desc_to_oa() keeps OA[49:48] (df1d0197a2b9), and check_output_size()
    // tests bits [51:48] against max_oa_bits = min(host IPA limit 48, 52):
    // an Address size fault at level 3 (0x807). Both differ from the
    // hardware through the host's 48-bit IPA limit (OutputSize).
    let tcr = (TCR & !(0b111 << 32)) | (0b110 << 32) | DS | SH0_IS;
    let s = Sc::example()
        .pa_bits(52)
        .reg("TCR_EL1", tcr)
        .word(L3 + 8, 0x0001_0000_4040_0443)
        .no_mmu();
    let hw = 0xff01_0000_4040_0b80;
    let (before, after) = split_at(V6_18);
    for r in before.into_iter().filter(|r| *r >= V6_16) {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0xff00_0000_4040_0800, Slow, hw);
        let names = [
            "OutputSize",
            "Lpa2NotDecoded",
            "Address",
            "ParAttrs",
            "ParEncoding",
        ];
        assert_eq!(diff_names(&q), names, "{r}");
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0x807, Slow, hw);
        assert_eq!(diff_names(&q), ["OutputSize"], "{r}");
    }
}

#[test]
fn ttbr_bits_5_2_are_baddr_51_48_from_v6_18() {
    // DS=1, IPS=0b010 (40 bits), TTBR0_EL1 = 0x40200004: with DS, TTBR[5:2]
    // = 0b0001 is BADDR[51:48], so the first table is at 0x1_0000_4020_0000,
    // above 40 bits: an Address size fault at level 0 for the hardware
    // (0x801) and, from v6.18 (e645226a9c23: wi->baddr |= TTBR[5:2] << 48,
    // then check_output_size(), the addrsz label at level 0), for KVM.
    // Before, TTBR[5:2] are address bits below the table's alignment:
    // KVM walks the example's tables and succeeds, SH from desc[9:8]
    // (the page's 0b11, which are OA[51:50] for the architecture: the
    // second Address step).
    let tcr = TCR | DS | SH0_IS;
    let s = Sc::example()
        .reg("TCR_EL1", tcr)
        .reg("TTBR0_EL1", L1 | 0b100)
        .no_mmu();
    let (before, after) = split_at(V6_18);
    for r in before {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, KVM_OK, Slow, 0x801);
        let names = ["Lpa2NotDecoded", "Address", "Address", "ParEncoding"];
        assert_eq!(diff_names(&q), names, "{r}");
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0x801, Slow, 0x801);
        assert!(diff_names(&q).is_empty(), "{r}");
    }
}

#[test]
fn lpa2_shareability_comes_from_tcr_from_v6_18() {
    // DS=1, SH0=0b11, the page's bits [9:8] = 0 (OA[51:50] with DS). The
    // hardware reports SH from TCR_EL1.SH0: 0xff00_0000_4040_0b80. Before
    // v6.18 compute_sh() reads desc[9:8] = 0b00: 0xff00_0000_4040_0800;
    // from v6.18 compute_s1_sh() takes TCR_EL1.SH0 (c0cc438046ee):
    // KVM_OK (NS=0).
    let s = Sc::example()
        .reg("TCR_EL1", TCR | DS | SH0_IS)
        .word(L3 + 8, PAGE_DS)
        .no_mmu();
    let (before, after) = split_at(V6_18);
    for r in before {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0xff00_0000_4040_0800, Slow, HW_OK);
        assert_eq!(
            diff_names(&q),
            ["Lpa2NotDecoded", "ParAttrs", "ParEncoding"],
            "{r}"
        );
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, KVM_OK, Slow, HW_OK);
        assert_eq!(diff_names(&q), ["ParEncoding"], "{r}");
    }
}

#[test]
fn without_ds_every_release_reads_48_bit_descriptors() {
    // DS=0: wi->pa52bit is false in every release; the example's page.
    let s = Sc::example().no_mmu();
    for r in KvmRelease::ALL {
        check(&s.run_in("S1E1R", VA, r), KVM_OK, Slow, HW_OK);
    }
}
