# cmake -DDOC=<md> -DEXAMPLE=<cc> -P example_in_doc.cmake: fails unless the
# example's text appears verbatim in the document.
file(READ ${DOC} doc)
file(READ ${EXAMPLE} example)
string(STRIP "${example}" example)
string(FIND "${doc}" "${example}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${EXAMPLE} is not included verbatim in ${DOC}")
endif()
