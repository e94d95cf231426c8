# Language level, ccache and the Asio/GCC 12 workaround, in one place.
set(CMAKE_CXX_STANDARD 23)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
find_program(KESU_CCACHE ccache)
if(KESU_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${KESU_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${KESU_CCACHE})
endif()
# Clang before 19 advertises concepts as 201907L, and libstdc++ 12 then hides std::expected although clang 16 compiles
# it: announce the level it supports (used by the clang fuzz build, tests/fuzz/).
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 16
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 19)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-D__cpp_concepts=202002L> $<$<COMPILE_LANGUAGE:CXX>:-Wno-macro-redefined>)
endif()
