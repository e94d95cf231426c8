# KESU_SANITIZE="address;undefined" or "thread" instruments every target (CI runs unit tests this way).
if(KESU_SANITIZE)
  string(REPLACE ";" "," _kesu_sanitizers "${KESU_SANITIZE}")
  add_compile_options(-fsanitize=${_kesu_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_kesu_sanitizers})
endif()
# KESU_FUZZ: every target gets libFuzzer's coverage and AddressSanitizer + UndefinedBehaviorSanitizer; the fuzz
# executables link libFuzzer's main (tests/fuzz/CMakeLists.txt).
if(KESU_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KESU_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_C_COMPILER=clang-16)")
  endif()
  if(KESU_SANITIZE)
    message(FATAL_ERROR "KESU_FUZZ brings its own sanitizers: leave KESU_SANITIZE empty")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
