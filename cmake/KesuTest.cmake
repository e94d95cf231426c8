# kesu_add_test(NAME name LABEL unit|db|api|e2e SOURCES ... LIBS ...)
# Labels: unit needs nothing; db needs PostgreSQL (KESU_TEST_PG_URL); api starts the kesu binary; e2e a browser.
function(kesu_add_test)
  cmake_parse_arguments(T "" "NAME;LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main kesu_warnings)
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  # Tests run by hand (not through CTest) find the shared data here when KESU_SHARED_DATA is not set.
  target_compile_definitions(${T_NAME} PRIVATE KESU_DEFAULT_SHARED_DATA="${PROJECT_SOURCE_DIR}/../shared/data")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES LABELS ${T_LABEL}
    ENVIRONMENT "KESU_BINARY=$<TARGET_FILE:kesu>;KESU_SHARED_DATA=${PROJECT_SOURCE_DIR}/../shared/data;KESU_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
