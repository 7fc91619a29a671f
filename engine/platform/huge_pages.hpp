// Transparent huge pages for large allocations, process-wide.
//
// Why: on this class of VM a first touch of fresh memory costs ~16 µs per 4 KiB page
// (paravirtualised page faults). Reading a 626 MB NodeList took 2.6 s in page faults alone;
// with 2 MiB pages it takes 0.12 s. The kernel here runs THP in "madvise" mode, and glibc
// (>= 2.35) will madvise its mmap'd chunks when started with the tunable
// glibc.malloc.hugetlb=1, which covers our buffers and simdjson's alike.
//
// Freed memory is kept, not returned: with the default trim threshold a pass that frees the
// top of the heap hands it back to the kernel and the next pass faults it in again (a
// zeroed 2 MiB page per fault: 27% of a fleet reconcile pass before this setting), and
// blocks over the default 128 KiB mmap threshold are mapped and unmapped per allocation.
// So the tunables also set trim_threshold to 1 GiB and mmap_threshold to 32 MiB (glibc's
// maximum); RSS stays at its high-water mark, which suits a benchmark process.
//
// Tunables are read at process start, so `enable_huge_pages_or_reexec` re-executes the
// program once with the tunable added (argv and the rest of the environment unchanged).
// Set DSB_NO_HUGE_PAGES=1 to opt out. Call it first thing in main; it returns normally
// when nothing needs doing or when re-executing is not possible.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace dsb::platform {

inline void enable_huge_pages_or_reexec(char** argv) {
  constexpr const char* TUNABLE = "glibc.malloc.hugetlb=1:glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=33554432";
  if (std::getenv("DSB_NO_HUGE_PAGES") != nullptr || std::getenv("DSB_HUGE_PAGES_SET") != nullptr) return;
  const char* current = std::getenv("GLIBC_TUNABLES");
  if (current != nullptr && std::strstr(current, "glibc.malloc.hugetlb") != nullptr) return;
  std::string tunables = current == nullptr ? std::string(TUNABLE) : std::string(current) + ":" + TUNABLE;
  if (::setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0 || ::setenv("DSB_HUGE_PAGES_SET", "1", 1) != 0) return;
  ::execv("/proc/self/exe", argv);  // only returns on failure: carry on without huge pages
}

}  // namespace dsb::platform
