# PEERINGD_SANITIZE: "" (off), "address,undefined" or "thread".
set(PEERINGD_SANITIZE "" CACHE STRING "Sanitizers to build with")
add_library(peeringd_sanitizers INTERFACE)
if(PEERINGD_SANITIZE)
  target_compile_options(peeringd_sanitizers INTERFACE
    -fsanitize=${PEERINGD_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  if(PEERINGD_SANITIZE STREQUAL "thread")
    # GCC 12 warns that TSan does not understand Asio's atomic_thread_fence use.
    target_compile_options(peeringd_sanitizers INTERFACE -Wno-tsan)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND PEERINGD_SANITIZE MATCHES "undefined")
    # clang 14's -fsanitize=function (part of "undefined") cannot lay out coroutine frames:
    # "error: Cannot represent a difference across sections" (llvm-project#49689, #54153).
    target_compile_options(peeringd_sanitizers INTERFACE -fno-sanitize=function)
  endif()
  target_link_options(peeringd_sanitizers INTERFACE -fsanitize=${PEERINGD_SANITIZE})
endif()
