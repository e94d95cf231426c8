# kesu_embed_migrations(OUTPUT file.cpp NAMESPACE ns FUNCTION name DIR dir): turns dir/NNNN_name.sql files
# into a C++ function returning std::vector<Migration>{version, name, sql}, regenerated when a file changes.
function(kesu_embed_migrations)
  cmake_parse_arguments(E "" "OUTPUT;NAMESPACE;FUNCTION;DIR;HEADER" "" ${ARGN})
  file(GLOB _files CONFIGURE_DEPENDS ${E_DIR}/*.sql)
  list(SORT _files)
  set(_body "")
  foreach(_file ${_files})
    get_filename_component(_name ${_file} NAME_WE)
    string(REGEX MATCH "^([0-9]+)_(.*)$" _ ${_name})
    math(EXPR _version "${CMAKE_MATCH_1}")
    file(READ ${_file} _sql)
    string(APPEND _body "        {${_version}, \"${CMAKE_MATCH_2}\", R\"kesu_sql(${_sql})kesu_sql\"},\n")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_file})
  endforeach()
  file(CONFIGURE OUTPUT ${E_OUTPUT} CONTENT "// Generated from ${E_DIR} by cmake/KesuEmbedSql.cmake. Do not edit.
#include \"${E_HEADER}\"

namespace ${E_NAMESPACE} {

const std::vector<Migration>& ${E_FUNCTION}() {
    static const std::vector<Migration> kMigrations{
${_body}    };
    return kMigrations;
}

}  // namespace ${E_NAMESPACE}
")
endfunction()
