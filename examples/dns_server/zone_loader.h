// Loading an RFC 1035 master file into a zone (zone.h). The text is read
// by ldns's zone reader (ldns_rr_new_frm_fp_l: $ORIGIN, $TTL, relative
// names, @, parentheses, comments, quoted strings, every type ldns knows
// and the RFC 3597 generic form); $INCLUDE, which ldns does not implement,
// is handled here. Each record's RDATA is then parsed by the generated
// dns_rdata parser and kept as a generated builder: a record the codec
// cannot read does not load.
#ifndef DNS_SERVER_ZONE_LOADER_H_
#define DNS_SERVER_ZONE_LOADER_H_

#include <memory>
#include <string>

#include "zone.h"

namespace dns_server {

// The zone `origin` (e.g. "example.test") from `file`. On failure returns
// nullptr and sets `error` to one line "file:line: why".
std::unique_ptr<zone> load_zone(const std::string& origin, const std::string& file, std::string& error);

}  // namespace dns_server

#endif  // DNS_SERVER_ZONE_LOADER_H_
