// The code faultline places in a target process: replacements for the vDSO's
// clock_gettime, gettimeofday and time that ask the kernel for the true time
// (a system call) and add the fault's offset. Position independent: it is
// copied byte for byte from faultline_fake_clock_start to _end into memory
// mapped in the target, and reaches its settings (the data block at its
// start, laid out as fake_clock.h says) relative to the instruction pointer.
// Only rax, rcx, rdx, rsi, rdi, r8-r11 are changed (caller-saved), and it
// needs 64 bytes of stack: Go calls the vDSO on a small system stack.
        .intel_syntax noprefix
        .section .rodata
        .balign 16
        .globl faultline_fake_clock_start
faultline_fake_clock_start:
fl_magic:          .ascii "FLCLOCK1"
fl_flags:          .quad 0     // bit 0: realtime clocks, bit 1: monotonic clocks
fl_base_ns:        .quad 0
fl_drift_ppb:      .quad 0
fl_drift_t0_ns:    .quad 0     // true CLOCK_MONOTONIC when the drift began
fl_strobe_delta_ns: .quad 0
fl_strobe_period_ns: .quad 0
fl_strobe_start_ns: .quad 0    // true CLOCK_MONOTONIC
fl_strobe_end_ns:  .quad 0
fl_originals:      .fill 72, 1, 0   // 3 x {address, 16 original bytes}
        .globl faultline_fake_clock_trap
faultline_fake_clock_trap:
        int3                    // the return address of the controller's test calls
        .balign 8

// long offset(): the offset now, in ns (rax). Changes rcx, rdx, rsi, rdi, r10, r11.
fl_offset:
        push    rbx
        mov     rbx, qword ptr [rip + fl_base_ns]
        mov     rax, qword ptr [rip + fl_drift_ppb]
        or      rax, qword ptr [rip + fl_strobe_period_ns]
        jz      .Ldone
        sub     rsp, 16
        mov     edi, 1          // CLOCK_MONOTONIC, the true one
        mov     rsi, rsp
        mov     eax, 228        // SYS_clock_gettime
        syscall
        imul    r10, qword ptr [rsp], 1000000000
        add     r10, qword ptr [rsp + 8]
        add     rsp, 16
        mov     rax, qword ptr [rip + fl_drift_ppb]
        test    rax, rax
        jz      .Lstrobe
        mov     rcx, r10
        sub     rcx, qword ptr [rip + fl_drift_t0_ns]
        imul    rcx             // rdx:rax = ppb * elapsed ns
        mov     rcx, 1000000000
        idiv    rcx
        add     rbx, rax
.Lstrobe:
        mov     rcx, qword ptr [rip + fl_strobe_period_ns]
        test    rcx, rcx
        jz      .Ldone
        cmp     r10, qword ptr [rip + fl_strobe_end_ns]
        jge     .Ldone
        mov     rax, r10
        sub     rax, qword ptr [rip + fl_strobe_start_ns]
        js      .Ldone
        cqo
        idiv    rcx             // rax = flips so far: even ones are the strobe offset
        test    al, 1
        jnz     .Ldone
        add     rbx, qword ptr [rip + fl_strobe_delta_ns]
.Ldone:
        mov     rax, rbx
        pop     rbx
        ret

// store(rcx = ns since the epoch, r8 = {seconds, sub-seconds}, r9 = ns per sub-second unit)
fl_store:
        mov     rax, rcx
        cqo
        mov     rcx, 1000000000
        idiv    rcx             // floor division: a negative remainder borrows a second
        test    rdx, rdx
        jns     1f
        add     rdx, rcx
        dec     rax
1:      mov     qword ptr [r8], rax
        mov     rax, rdx
        xor     edx, edx
        div     r9
        mov     qword ptr [r8 + 8], rax
        ret

// The flag bit (rax) for the clock id in edi: 1 realtime, 2 monotonic, 0 other.
fl_clock_class:
        xor     eax, eax
        mov     ecx, edi        // clockid_t is an int: the upper half of rdi is not ours
        cmp     ecx, 11         // unsigned: the negative CPU-time clocks are "other"
        ja      1f
        lea     rax, [rip + fl_class_table]
        movzx   eax, byte ptr [rax + rcx]
1:      ret
fl_class_table:
        // REALTIME MONOTONIC PROCESS THREAD RAW COARSE_RT COARSE_MONO BOOTTIME RT_ALARM BOOT_ALARM - TAI
        .byte 1, 2, 0, 0, 2, 1, 2, 2, 1, 2, 0, 1

        .globl faultline_fake_clock_gettime
faultline_fake_clock_gettime:      // int (clockid_t, struct timespec*)
fl_clock_gettime:
        mov     eax, 228
        syscall
        test    rax, rax
        jnz     2f
        call    fl_clock_class
        test    rax, qword ptr [rip + fl_flags]
        jz      1f
        mov     r8, rsi
        call    fl_offset
        imul    rcx, qword ptr [r8], 1000000000
        add     rcx, qword ptr [r8 + 8]
        add     rcx, rax
        mov     r9d, 1
        call    fl_store
1:      xor     eax, eax
2:      ret

        .globl faultline_fake_gettimeofday
faultline_fake_gettimeofday:       // int (struct timeval*, struct timezone*)
        mov     eax, 96         // SYS_gettimeofday
        syscall
        test    rax, rax
        jnz     2f
        test    rdi, rdi
        jz      1f
        test    qword ptr [rip + fl_flags], 1
        jz      1f
        mov     r8, rdi
        call    fl_offset
        imul    rcx, qword ptr [r8], 1000000000
        imul    rdx, qword ptr [r8 + 8], 1000
        add     rcx, rdx
        add     rcx, rax
        mov     r9d, 1000
        call    fl_store
1:      xor     eax, eax
2:      ret

        .globl faultline_fake_time
faultline_fake_time:               // time_t (time_t*)
        push    rdi
        sub     rsp, 16
        xor     edi, edi        // CLOCK_REALTIME
        mov     rsi, rsp
        call    fl_clock_gettime
        mov     rax, qword ptr [rsp]
        add     rsp, 16
        pop     rdi
        test    rdi, rdi
        jz      1f
        mov     qword ptr [rdi], rax
1:      ret
        .globl faultline_fake_clock_end
faultline_fake_clock_end:

        .section .note.GNU-stack, "", @progbits
