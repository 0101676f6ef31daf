# cmake --install: headers, libraries, a CMake package (find_package(ikecore),
# targets ikecore::ikecore and ikecore::boringssl) and pkg-config files.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ikecore
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS ikecore ikecore_boringssl EXPORT ikecoreTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(IKECORE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ikecore)
install(EXPORT ikecoreTargets NAMESPACE ikecore:: DESTINATION ${IKECORE_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ikecoreConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ikecoreConfig.cmake INSTALL_DESTINATION ${IKECORE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ikecoreConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ikecoreConfig.cmake
              ${PROJECT_BINARY_DIR}/ikecoreConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FindBoringSSL.cmake
        DESTINATION ${IKECORE_CMAKE_DIR})

# pkg-config. BoringSSL is named by its full path: "-lcrypto" or
# "Requires: libcrypto" would resolve to OpenSSL 3.
# The files are relocatable: prefix is given relative to ${pcfiledir}, so they
# stay right for `cmake --install --prefix DIR` and DESTDIR installs, whose
# prefix is not known when this is configured.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(IKECORE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(IKECORE_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(IKECORE_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH IKECORE_PC_UP "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" IKECORE_PC_UP "${IKECORE_PC_UP}")
  set(IKECORE_PC_PREFIX "\${pcfiledir}/${IKECORE_PC_UP}")
  set(IKECORE_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(IKECORE_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
foreach(pc ikecore ikecore-boringssl)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
