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
foreach(pc ikecore ikecore-boringssl)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
