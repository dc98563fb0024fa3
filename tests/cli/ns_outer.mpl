// A spec that embeds a packet of a spec it imports, compiled with a C++
// namespace of the user's choosing (tests/CMakeLists.txt).
import "ns_inner.mpl";

packet ns_outer {
  version: uint8 const(1);
  inner: packet ns_inner();
}
