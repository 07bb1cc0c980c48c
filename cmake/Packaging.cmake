# `cpack -G DEB` in the build dir: peeringd_<version>_<arch>.deb, installable with
# `apt install ./peeringd_*.deb`. Runtime dependencies come from dpkg-shlibdeps (needs dpkg-dev
# and file at packaging time).
set(CPACK_PACKAGE_NAME peeringd)
set(CPACK_PACKAGE_VENDOR "peeringd")
set(CPACK_PACKAGE_CONTACT "peeringd maintainers <peeringd@example.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "VPC peering control-plane daemon (Huawei Cloud / OTC VPC peering API v2.0)")
set(CPACK_PACKAGE_DESCRIPTION
    "peeringd stores VPC peerings in SQLite and serves the VPC peering API v2.0 under systemd; peeringctl administers it.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "peeringd maintainers <peeringd@example.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo binaries are ~90 MB with their debug info
# DynamicUser= needs no account, so no maintainer scripts; the config stays an admin's file.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_LIST_DIR}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# The package is a production build: it must not contain the test-only crash points
# (storage/crash_point.hpp), which a developer build has by default. cpack refuses such a tree.
if(PEERINGD_TEST_HOOKS)
  set(PEERINGD_REFUSE_PACKAGE ${CMAKE_BINARY_DIR}/cpack-refuse-test-hooks.cmake)
  file(WRITE ${PEERINGD_REFUSE_PACKAGE}
       "message(FATAL_ERROR \"This build has the test-only crash points compiled in. Package a build "
       "configured with -DPEERINGD_TEST_HOOKS=OFF (see docs/SYSTEMD.md).\")\n")
  set(CPACK_PRE_BUILD_SCRIPTS ${PEERINGD_REFUSE_PACKAGE})
endif()
include(CPack)
