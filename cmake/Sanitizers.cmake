# PEERINGD_SANITIZE: "" (off), "address,undefined" or "thread".
set(PEERINGD_SANITIZE "" CACHE STRING "Sanitizers to build with")
add_library(peeringd_sanitizers INTERFACE)
if(PEERINGD_SANITIZE)
  target_compile_options(peeringd_sanitizers INTERFACE
    -fsanitize=${PEERINGD_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all
    $<$<STREQUAL:${PEERINGD_SANITIZE},thread>:-Wno-tsan>)
  target_link_options(peeringd_sanitizers INTERFACE -fsanitize=${PEERINGD_SANITIZE})
endif()
