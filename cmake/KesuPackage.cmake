# Installation (`cmake --install build [--prefix P]`) and the Debian package (`cpack --config build/CPackConfig.cmake`):
#   P/bin/kesu, P/share/kesu/web (the built UI, found by kesu beside its binary), P/share/doc/kesu,
#   the systemd unit in P/lib/systemd/system and the settings file in P/etc/kesu; with P = /usr (the package) the
#   last two go to /lib/systemd/system and /etc/kesu, where Debian keeps them. Data: /var/lib/kesu (the unit).
include(GNUInstallDirs)

set(KESU_WEB_DIST "${PROJECT_SOURCE_DIR}/web/dist" CACHE PATH "The built web UI to install (npm run build in web/)")
install(TARGETS kesu RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY "${KESU_WEB_DIST}/" DESTINATION ${CMAKE_INSTALL_DATADIR}/kesu/web OPTIONAL)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/" DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
# The unit names the binary and the settings file by their installed paths, so it is written at install time, for the
# prefix actually installed to.
install(CODE "
  set(_source \"${PROJECT_SOURCE_DIR}/packaging\")
  set(_prefix \"\${CMAKE_INSTALL_PREFIX}\")
  if(_prefix STREQUAL \"/usr\")
    set(KESU_SYSCONFDIR /etc/kesu)
    set(_units /lib/systemd/system)
  else()
    set(KESU_SYSCONFDIR \"\${_prefix}/etc/kesu\")
    set(_units \"\${_prefix}/lib/systemd/system\")
  endif()
  set(KESU_BINDIR \"\${_prefix}/${CMAKE_INSTALL_BINDIR}\")
  set(KESU_DOCDIR \"\${_prefix}/${CMAKE_INSTALL_DOCDIR}\")
  configure_file(\"\${_source}/kesu.service.in\" \"${CMAKE_BINARY_DIR}/packaging/kesu.service\" @ONLY)
  file(INSTALL \"${CMAKE_BINARY_DIR}/packaging/kesu.service\" DESTINATION \"\${_units}\")
  file(INSTALL \"\${_source}/kesu.env\" DESTINATION \"\${KESU_SYSCONFDIR}\"
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kesu)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "complaint handling (客诉) for customer-service departments")
set(CPACK_PACKAGE_DESCRIPTION "kesu takes complaints and consultations in from every channel, runs each one through a
 timed, auditable process on Chinese working-day calendars, and serves its web console and customer portal.")
set(CPACK_PACKAGE_CONTACT "kesu maintainers <root@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)  # so the install code above sees the package's prefix, /usr
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# OpenCC's dictionaries are read at run time; deb-systemd-helper is used by the maintainer scripts.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopencc-data, init-system-helpers")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${PROJECT_SOURCE_DIR}/packaging/deb/postinst;${PROJECT_SOURCE_DIR}/packaging/deb/prerm;${PROJECT_SOURCE_DIR}/packaging/deb/postrm;${PROJECT_SOURCE_DIR}/packaging/deb/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
