# kesu_warnings: the warning set every kesu target links against.
add_library(kesu_warnings INTERFACE)
target_compile_options(kesu_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Woverloaded-virtual -Wimplicit-fallthrough -Wno-missing-field-initializers
  $<$<BOOL:${KESU_WERROR}>:-Werror>)
