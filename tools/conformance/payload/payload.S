// atwalk conformance payload: runs at-scenario/1 queries as real AT
// instructions at EL2 in qemu-system-aarch64 -M virt,virtualization=on.
//
// Boot: QEMU starts this ELF at EL2 (no EL3 on virt with secure=off).
// The payload runs as KVM's host does: HCR_EL2.E2H=1, TGE=0, and writes the
// guest's EL1 translation registers through their _EL12 names.
// Its own EL2&0 regime keeps the MMU off (SCTLR_EL2.M=0).
//
// Memory layout (see README.md): DTB at 0x40000000 (QEMU puts it there),
// this payload at 0x40200000, its stack below 0x40400000, the scenario blob
// (written by run.py, loaded with -device loader) at 0x40400000.  Scenario
// memory words must lie in [blob.table_lo, blob.table_hi).
//
// Blob (little-endian u64 words):
//   0: magic 0x31544e4f434b4c41 ("ALKCONT1")   8: scenario count
//  16: table_lo    24: table_hi    32..63: reserved
//  64: records, each:
//     nwords, nqueries, TCR, TTBR0, TTBR1, MAIR, SCTLR, HCR, VTCR, VTTBR, PAN,
//     nwords x (addr, value), nqueries x (op, va)
//   op: 0 S1E1R 1 S1E1W 2 S1E0R 3 S1E0W 4 S1E1RP 5 S1E1WP 6 S1E1A
//
// Output, on the PL011 UART, one line each:
//   "I <mmfr0> <mmfr1> <mmfr2> <mmfr3> <mmfr4> <pfr0> <pfr1> <currentel> <hcr> <s1e1a-esr>"
//   "S<index>"                     start of a scenario
//   "P<par>"                       a query's PAR_EL1
//   "X<esr> <far> <elr>"           the query's AT took an exception
//   "M<address> <new value>"       the AT changed a scenario memory word
//                                  (printed after that query's P/X line)
//   "W<address>"                   a memory word outside [table_lo, table_hi): skipped
//   "D"                            all done
// then PSCI SYSTEM_OFF through SMC.

        .equ    UART,       0x09000000
        .equ    BLOB,       0x40400000
        .equ    HCR_RW,     (1 << 31)
        .equ    HCR_E2H,    (1 << 34)
        // HCR_EL2 bits taken from the scenario: VM(0) PTW(2) DC(12) CD(32)
        .equ    HCR_MASK,   ((1 << 0) | (1 << 2) | (1 << 12) | (1 << 32))
        .equ    REC_HDR,    88          // 11 words

        .section .text.boot, "ax"
        .global _start
_start:
        ldr     x0, =stack_top
        mov     sp, x0
        adr     x0, vectors
        msr     vbar_el2, x0
        ldr     x0, =(HCR_RW | HCR_E2H)
        msr     hcr_el2, x0
        isb
        msr     pan, #0
        // PL011: enable UART and transmitter (QEMU 10 checks UARTCR).
        ldr     x0, =UART
        mov     w1, #0x301
        str     w1, [x0, #0x30]

        // Identification line.
        mov     x0, #'I'
        bl      putc
        mrs     x0, id_aa64mmfr0_el1
        bl      sp_hex16
        mrs     x0, id_aa64mmfr1_el1
        bl      sp_hex16
        mrs     x0, id_aa64mmfr2_el1
        bl      sp_hex16
        mrs     x0, s3_0_c0_c7_3            // ID_AA64MMFR3_EL1
        bl      sp_hex16
        mrs     x0, s3_0_c0_c7_4            // ID_AA64MMFR4_EL1
        bl      sp_hex16
        mrs     x0, id_aa64pfr0_el1
        bl      sp_hex16
        mrs     x0, id_aa64pfr1_el1
        bl      sp_hex16
        mrs     x0, currentel
        bl      sp_hex16
        mrs     x0, hcr_el2
        bl      sp_hex16
        // Probe AT S1E1A (FEAT_ATS1A): UNDEFINED (EC 0) if not implemented.
        bl      clear_exc
        mov     x0, #0
        sys     #0, c7, c9, #2, x0          // AT S1E1A, x0
        isb
        ldr     x1, =exc_flag
        ldr     x0, [x1]
        cbz     x0, 1f
        ldr     x0, [x1, #8]                // ESR
1:      bl      sp_hex16
        bl      newline

        // Main loop.
        ldr     x19, =BLOB
        ldr     x21, [x19, #8]              // count
        ldr     x22, [x19, #16]             // table_lo
        ldr     x23, [x19, #24]             // table_hi
        add     x24, x19, #64               // current record
        mov     x25, #0                     // scenario index
        ldr     x0, [x19]
        ldr     x1, =0x31544e4f434b4c41
        cmp     x0, x1
        b.ne    done

scen_loop:
        cmp     x25, x21
        b.hs    done
        mov     x0, #'S'
        bl      putc
        mov     x0, x25
        bl      hex16
        bl      newline

        ldr     x26, [x24]                  // nwords
        ldr     x27, [x24, #8]              // nqueries
        add     x28, x24, #REC_HDR          // memory pairs
        add     x20, x28, x26, lsl #4       // query pairs

        // Registers.
        msr     pan, #0
        ldr     x0, [x24, #56]              // HCR
        ldr     x1, =HCR_MASK
        and     x0, x0, x1
        ldr     x1, =(HCR_RW | HCR_E2H)
        orr     x0, x0, x1
        msr     hcr_el2, x0
        isb
        ldr     x0, [x24, #16]
        msr     tcr_el12, x0
        ldr     x0, [x24, #24]
        msr     ttbr0_el12, x0
        ldr     x0, [x24, #32]
        msr     ttbr1_el12, x0
        ldr     x0, [x24, #40]
        msr     mair_el12, x0
        ldr     x0, [x24, #48]
        msr     sctlr_el12, x0
        ldr     x0, [x24, #64]
        msr     vtcr_el2, x0
        ldr     x0, [x24, #72]
        msr     vttbr_el2, x0
        isb

        // Memory: write the scenario's words.
        bl      write_words
        bl      tlb_sync

        // Queries.
        mov     x17, #0                     // query index
q_loop:
        cmp     x17, x27
        b.hs    q_end
        add     x16, x20, x17, lsl #4
        ldr     x15, [x16]                  // op
        ldr     x14, [x16, #8]              // va
        bl      clear_exc
        ldr     x0, [x24, #80]              // PAN
        cbz     x0, 1f
        msr     pan, #1
        b       2f
1:      msr     pan, #0
2:      isb
        mov     x0, x14
        cmp     x15, #6
        b.hi    q_bad
        adr     x1, at_table
        add     x1, x1, x15, lsl #3
        br      x1
at_table:
        at      s1e1r, x0
        b       at_done
        at      s1e1w, x0
        b       at_done
        at      s1e0r, x0
        b       at_done
        at      s1e0w, x0
        b       at_done
        at      s1e1rp, x0
        b       at_done
        at      s1e1wp, x0
        b       at_done
        sys     #0, c7, c9, #2, x0          // AT S1E1A
        b       at_done
q_bad:
        brk     #1
at_done:
        isb
        mrs     x13, par_el1
        msr     pan, #0
        isb
        ldr     x1, =exc_flag
        ldr     x0, [x1]
        cbnz    x0, q_exc
        mov     x0, #'P'
        bl      putc
        mov     x0, x13
        bl      hex16
        bl      newline
        b       q_check
q_exc:
        mov     x0, #'X'
        bl      putc
        ldr     x1, =exc_flag
        ldr     x0, [x1, #8]
        bl      hex16
        ldr     x1, =exc_flag
        ldr     x0, [x1, #16]
        bl      sp_hex16
        ldr     x1, =exc_flag
        ldr     x0, [x1, #24]
        bl      sp_hex16
        bl      newline
q_check:
        // Did the AT write any of the scenario's words (e.g. the access flag)?
        mov     x12, #0
        mov     x11, #0                     // changed?
3:      cmp     x12, x26
        b.hs    4f
        add     x1, x28, x12, lsl #4
        ldp     x2, x3, [x1]
        add     x12, x12, #1
        cmp     x2, x22
        b.lo    3b
        cmp     x2, x23
        b.hs    3b
        ldr     x4, [x2]
        cmp     x4, x3
        b.eq    3b
        mov     x11, #1
        mov     x5, x2
        mov     x13, x4
        mov     x0, #'M'
        bl      putc
        mov     x0, x5
        bl      hex16
        mov     x0, x13
        bl      sp_hex16
        bl      newline
        b       3b
4:      cbz     x11, 5f
        bl      write_words                 // restore for the next query
        bl      tlb_sync
5:      add     x17, x17, #1
        b       q_loop

q_end:
        // Clear the scenario's words.
        mov     x12, #0
1:      cmp     x12, x26
        b.hs    2f
        add     x1, x28, x12, lsl #4
        ldr     x2, [x1]
        add     x12, x12, #1
        cmp     x2, x22
        b.lo    1b
        cmp     x2, x23
        b.hs    1b
        str     xzr, [x2]
        b       1b
2:      add     x24, x20, x27, lsl #4       // next record
        add     x25, x25, #1
        b       scen_loop

done:
        mov     x0, #'D'
        bl      putc
        bl      newline
        // PSCI SYSTEM_OFF (virt with virtualization=on uses the SMC conduit).
        ldr     x0, =0x84000008
        smc     #0
        hvc     #0
halt:   wfi
        b       halt

// write_words: store every scenario word inside [table_lo, table_hi);
// report the others with a W line.  Uses x0-x4, x12, x30 (saved in x10).
write_words:
        mov     x10, x30
        mov     x12, #0
1:      cmp     x12, x26
        b.hs    3f
        add     x1, x28, x12, lsl #4
        ldp     x2, x3, [x1]
        add     x12, x12, #1
        cmp     x2, x22
        b.lo    2f
        cmp     x2, x23
        b.hs    2f
        str     x3, [x2]
        b       1b
2:      mov     x5, x2
        mov     x0, #'W'
        bl      putc
        mov     x0, x5
        bl      hex16
        bl      newline
        b       1b
3:      mov     x30, x10
        ret

tlb_sync:
        dsb     sy
        tlbi    alle1
        dsb     sy
        isb
        ret

clear_exc:
        ldr     x1, =exc_flag
        str     xzr, [x1]
        ret

// putc: x0 = character.  Uses x0-x2.
putc:
        ldr     x1, =UART
1:      ldr     w2, [x1, #0x18]             // UARTFR
        tbnz    w2, #5, 1b                  // TXFF
        str     w0, [x1]
        ret

newline:
        mov     x9, x30
        mov     x0, #'\n'
        bl      putc
        mov     x30, x9
        ret

// sp_hex16: a space then x0 as 16 hex digits.  hex16: the digits only.
// Use x0-x8, x30 (saved in x8).
sp_hex16:
        mov     x8, x30
        mov     x7, x0
        mov     x0, #' '
        bl      putc
        mov     x0, x7
        mov     x30, x8
hex16:
        mov     x8, x30
        mov     x7, x0
        mov     x6, #64
1:      sub     x6, x6, #4
        lsr     x0, x7, x6
        and     x0, x0, #0xf
        cmp     x0, #10
        add     x3, x0, #'0'
        add     x4, x0, #('a' - 10)
        csel    x0, x3, x4, lo
        bl      putc
        cbnz    x6, 1b
        mov     x30, x8
        ret

// Exceptions: record ESR/FAR/ELR, step over a synchronous exception's
// instruction, return.
        .macro  vent, handler
        .balign 0x80
        b       \handler
        .endm

        .balign 0x800
vectors:
        vent    exc_sync        // current EL, SP_EL0
        vent    exc_async
        vent    exc_async
        vent    exc_async
        vent    exc_sync        // current EL, SP_ELx
        vent    exc_async
        vent    exc_async
        vent    exc_async
        vent    exc_sync        // lower EL, AArch64 (not expected)
        vent    exc_async
        vent    exc_async
        vent    exc_async
        vent    exc_sync        // lower EL, AArch32 (not expected)
        vent    exc_async
        vent    exc_async
        vent    exc_async

exc_sync:
        stp     x0, x1, [sp, #-16]!
        ldr     x0, =exc_flag
        mov     x1, #1
        str     x1, [x0]
        mrs     x1, esr_el2
        str     x1, [x0, #8]
        mrs     x1, far_el2
        str     x1, [x0, #16]
        mrs     x1, elr_el2
        str     x1, [x0, #24]
        add     x1, x1, #4
        msr     elr_el2, x1
        ldp     x0, x1, [sp], #16
        eret

exc_async:
        stp     x0, x1, [sp, #-16]!
        ldr     x0, =exc_flag
        mov     x1, #2
        str     x1, [x0]
        mrs     x1, esr_el2
        str     x1, [x0, #8]
        mrs     x1, far_el2
        str     x1, [x0, #16]
        mrs     x1, elr_el2
        str     x1, [x0, #24]
        ldp     x0, x1, [sp], #16
        eret

        .ltorg

        .section .data
        .balign 16
exc_flag:
        .quad   0, 0, 0, 0

        .section .bss
        .balign 16
stack:
        .space  0x10000
stack_top:
