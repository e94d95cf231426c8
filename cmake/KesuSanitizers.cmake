# KESU_SANITIZE="address;undefined" or "thread" instruments every target (CI runs unit tests this way).
if(KESU_SANITIZE)
  string(REPLACE ";" "," _kesu_sanitizers "${KESU_SANITIZE}")
  add_compile_options(-fsanitize=${_kesu_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_kesu_sanitizers})
endif()
