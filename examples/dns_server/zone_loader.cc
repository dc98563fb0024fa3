#include "zone_loader.h"

#include <ldns/ldns.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace dns_server {
namespace {

constexpr int max_include_depth = 8;  // a file including itself ends here

std::string lowered(const std::uint8_t* p, std::size_t n) {
  // Length bytes are at most 63, never an upper-case letter, so the whole
  // wire form can be lower-cased byte by byte.
  std::string s(reinterpret_cast<const char*>(p), n);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return s;
}

std::string where(const std::string& file, int line) { return file + ":" + std::to_string(line) + ": "; }

// One $INCLUDE line, or a run of other lines, of a master file.
struct segment {
  std::string text;
  int first_line = 1;
  bool include = false;
  std::string include_file;
  std::string include_origin;  // empty: the including file's origin
};

// Splits a file at its $INCLUDE lines. A line starts a directive only at
// column 0 outside parentheses; quotes and comments are skipped so that a
// "(" inside them does not count.
std::vector<segment> split_includes(const std::string& text) {
  std::vector<segment> out;
  segment run;
  int depth = 0;
  int line = 1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view l(text.data() + pos, end - pos);
    if (depth == 0 && l.size() >= 8 && strncasecmp(l.data(), "$INCLUDE", 8) == 0) {
      if (!run.text.empty()) out.push_back(std::move(run));
      segment inc;
      inc.include = true;
      inc.first_line = line;
      std::istringstream words{std::string(l.substr(8))};
      words >> inc.include_file >> inc.include_origin;
      if (inc.include_origin.starts_with(";")) inc.include_origin.clear();
      out.push_back(std::move(inc));
      run = segment{};
      run.first_line = line + 1;
    } else {
      if (run.text.empty()) run.first_line = line;
      run.text.append(l);
      run.text.push_back('\n');
      bool quoted = false;
      for (std::size_t i = 0; i < l.size(); ++i) {
        const char c = l[i];
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == ';') {
          break;
        } else if (!quoted && c == '(') {
          ++depth;
        } else if (!quoted && c == ')' && depth > 0) {
          --depth;
        }
      }
    }
    pos = end + 1;
    ++line;
  }
  if (!run.text.empty()) out.push_back(std::move(run));
  return out;
}

class loader {
 public:
  loader(zone& z, ldns_rdf* origin) : z_(z), apex_(origin) {}

  // `from`: "" for the zone's file, "file:line: $INCLUDE " for an included one.
  bool load_file(const std::string& file, const std::string& from, ldns_rdf* origin, int depth, std::string& error);
  bool finish(const std::string& file, std::string& error);

 private:
  bool load_text(const segment& s, const std::string& file, ldns_rdf*& origin, std::string& error);
  bool add(const ldns_rr* r, const std::string& file, int line, std::string& error);
  node& node_for(const std::uint8_t* wire, std::size_t size);

  zone& z_;
  ldns_rdf* apex_;
  std::uint32_t ttl_ = 3600;  // $TTL; RFC 1035 has no default, NSD uses 3600 too
};

node& loader::node_for(const std::uint8_t* wire, std::size_t size) {
  std::string key = lowered(wire, size);
  auto it = z_.nodes.find(key);
  if (it != z_.nodes.end()) return *it->second;
  auto n = std::make_unique<node>();
  n->wire.assign(wire, wire + size);
  n->name = *mpl::dns::parse_name(mpl::bytes(n->wire.data(), n->wire.size()), 0);
  node& ref = *n;
  z_.nodes.emplace(std::move(key), std::move(n));
  return ref;
}

bool loader::add(const ldns_rr* r, const std::string& file, int line, std::string& error) {
  const ldns_rdf* owner = ldns_rr_owner(r);
  if (ldns_rr_get_class(r) != LDNS_RR_CLASS_IN) {
    error = where(file, line) + "only class IN is served";
    return false;
  }
  if (ldns_dname_compare(owner, apex_) != 0 && !ldns_dname_is_subdomain(owner, apex_)) {
    char* text = ldns_rdf2str(owner);
    error = where(file, line) + "owner " + (text ? text : "?") + " is outside the zone " + z_.origin_text;
    free(text);
    return false;
  }
  const std::uint16_t type = static_cast<std::uint16_t>(ldns_rr_get_type(r));
  if (type == rrtype::OPT || type == rrtype::AXFR || type == rrtype::IXFR || type == rrtype::ANY) {
    error = where(file, line) + "type " + std::to_string(type) + " cannot be zone data";
    return false;
  }
  ldns_buffer* buf = ldns_buffer_new(512);
  const ldns_status st = ldns_rr_rdata2buffer_wire(buf, r);
  if (st != LDNS_STATUS_OK || ldns_buffer_position(buf) > 0xFFFF) {
    ldns_buffer_free(buf);
    error = where(file, line) + "cannot encode the record data";
    return false;
  }
  const std::uint8_t* data = ldns_buffer_begin(buf);
  std::vector<std::uint8_t>& rdata = z_.storage.emplace_back(data, data + ldns_buffer_position(buf));
  ldns_buffer_free(buf);

  // The codec must read what we will serve: parse the RDATA with the
  // generated parser and keep the builder made from it.
  const mpl::bytes rdata_bytes(rdata.data(), rdata.size());
  auto parsed = rd::parse(rdata_bytes, type, rdata.size());
  if (!parsed) {
    error = where(file, line) + "record data the DNS codec rejects: " + parsed.error().describe();
    return false;
  }

  node& n = node_for(ldns_rdf_data(owner), ldns_rdf_size(owner));
  // RFC 1034 §3.6.2, RFC 2181 §10.1: a CNAME stands alone (but for its
  // DNSSEC records, RFC 4035 §2.5).
  const auto other_data = [](std::uint16_t t) { return t != rrtype::CNAME && t != rrtype::RRSIG && t != rrtype::NSEC; };
  for (const rrset& s : n.rrsets) {
    if ((type == rrtype::CNAME && other_data(s.type)) || (s.type == rrtype::CNAME && other_data(type))) {
      error = where(file, line) + "a CNAME cannot share its name with other data";
      return false;
    }
  }
  auto it = std::find_if(n.rrsets.begin(), n.rrsets.end(), [&](const rrset& s) { return s.type == type; });
  rrset& set = it != n.rrsets.end() ? *it : n.rrsets.emplace_back();
  set.type = type;
  // Identical records are one record (RFC 2181 §5): keep the first.
  for (const mpl::bytes& seen : set.rdata) {
    if (seen.size() == rdata.size() && std::equal(seen.begin(), seen.end(), rdata.begin())) return true;
  }
  if (type == rrtype::CNAME && !set.records.empty()) {
    error = where(file, line) + "a name has at most one CNAME record";
    return false;
  }
  set.rdata.push_back(rdata_bytes);
  rr::builder& b = set.records.emplace_back();
  b.name = n.name;
  b.type = static_cast<rr::type_t>(type);
  rr::Record& rec = b.body.emplace<rr::Record>();
  rec.rclass = class_in;
  rec.ttl = ldns_rr_ttl(r);
  rec.rdata = rd::builder::from(*parsed);
  return true;
}

bool loader::load_text(const segment& s, const std::string& file, ldns_rdf*& origin, std::string& error) {
  FILE* fp = fmemopen(const_cast<char*>(s.text.data()), s.text.size(), "r");
  if (fp == nullptr) {
    error = where(file, s.first_line) + "cannot read";
    return false;
  }
  int line = s.first_line;
  ldns_rdf* prev = nullptr;
  bool ok = true;
  while (ok && !feof(fp)) {
    ldns_rr* r = nullptr;
    const int at = line;
    const ldns_status st = ldns_rr_new_frm_fp_l(&r, fp, &ttl_, &origin, &prev, &line);
    switch (st) {
      case LDNS_STATUS_OK:
        // ldns has read the line ending the record: name that one.
        ok = add(r, file, std::max(at, line - 1), error);
        ldns_rr_free(r);
        break;
      case LDNS_STATUS_SYNTAX_EMPTY:
      case LDNS_STATUS_SYNTAX_TTL:
      case LDNS_STATUS_SYNTAX_ORIGIN:
        break;
      default:
        error = where(file, std::max(at, line - 1)) + ldns_get_errorstr_by_id(st);
        ok = false;
    }
  }
  if (prev != nullptr) ldns_rdf_deep_free(prev);
  fclose(fp);
  return ok;
}

bool loader::load_file(const std::string& file, const std::string& from, ldns_rdf* origin, int depth,
                       std::string& error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = from + file + ": cannot open: " + std::strerror(errno);
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  ldns_rdf* current = ldns_rdf_clone(origin);
  bool ok = true;
  for (const segment& s : split_includes(text.str())) {
    if (!s.include) {
      ok = load_text(s, file, current, error);
    } else if (depth + 1 > max_include_depth) {
      error = where(file, s.first_line) + "$INCLUDE nested too deeply";
      ok = false;
    } else if (s.include_file.empty()) {
      error = where(file, s.first_line) + "$INCLUDE without a file name";
      ok = false;
    } else {
      // A relative path is relative to the including file's folder.
      std::string path = s.include_file;
      if (path[0] != '/' && file.find('/') != std::string::npos) path = file.substr(0, file.rfind('/') + 1) + path;
      ldns_rdf* inc_origin = current;
      if (!s.include_origin.empty()) {
        inc_origin = nullptr;
        if (ldns_str2rdf_dname(&inc_origin, s.include_origin.c_str()) != LDNS_STATUS_OK) {
          error = where(file, s.first_line) + "bad $INCLUDE origin " + s.include_origin;
          ok = false;
        }
      }
      // RFC 1035 §5.1: the included file does not change this file's origin.
      if (ok) ok = load_file(path, where(file, s.first_line) + "$INCLUDE ", inc_origin, depth + 1, error);
      if (inc_origin != current && inc_origin != nullptr) ldns_rdf_deep_free(inc_origin);
    }
    if (!ok) break;
  }
  ldns_rdf_deep_free(current);
  return ok;
}

// What can only be settled once every record is in: the apex and its SOA,
// zone cuts, empty non-terminals, additional-section targets.
bool loader::finish(const std::string& file, std::string& error) {
  z_.apex = z_.find(z_.origin_key);
  z_.soa = z_.apex != nullptr ? z_.apex->find(rrtype::SOA) : nullptr;
  if (z_.soa == nullptr || z_.soa->records.size() != 1) {
    error = file + ":1: the zone " + z_.origin_text + " needs exactly one SOA record at its apex";
    return false;
  }
  const rr::Record& soa = std::get<rr::Record>(z_.soa->records[0].body);
  z_.negative_ttl = std::min(soa.ttl, std::get<rd::SOA>(soa.rdata.body).minimum);

  // RFC 5155 §7.2.8: NSEC3 owner names are not names of the zone; a query
  // for one is answered as for a name that does not exist.
  for (auto it = z_.nodes.begin(); it != z_.nodes.end();) {
    const auto nsec3_data = [](const rrset& s) { return s.type == rrtype::NSEC3 || s.type == rrtype::RRSIG; };
    const std::vector<rrset>& sets = it->second->rrsets;
    if (!sets.empty() && sets.front().type != rrtype::RRSIG && std::all_of(sets.begin(), sets.end(), nsec3_data) &&
        std::any_of(sets.begin(), sets.end(), [](const rrset& s) { return s.type == rrtype::NSEC3; })) {
      z_.hidden.push_back(std::move(it->second));
      it = z_.nodes.erase(it);
    } else {
      ++it;
    }
  }
  std::vector<node*> named;
  for (auto& [key, n] : z_.nodes) named.push_back(n.get());
  for (node* n : named) {
    n->delegation = n != z_.apex && n->find(rrtype::NS) != nullptr;
    // Every name between this one and the apex exists (RFC 4592 §2.2.2:
    // empty non-terminals), so a query for one is NODATA, not NXDOMAIN.
    std::size_t at = 0;
    while (at + z_.origin_key.size() < n->wire.size()) {
      at += 1u + n->wire[at];
      node_for(n->wire.data() + at, n->wire.size() - at);
    }
  }
  for (auto& [key, n] : z_.nodes) {
    for (rrset& s : n->rrsets) {
      for (const rr::builder& b : s.records) {
        const rd::builder& data = std::get<rr::Record>(b.body).rdata;
        const mpl::dns::name_value* target = nullptr;
        if (auto* ns = std::get_if<rd::NS>(&data.body)) target = &ns->nsdname;
        if (auto* mx = std::get_if<rd::MX>(&data.body)) target = &mx->exchange;
        if (auto* srv = std::get_if<rd::SRV>(&data.body)) target = &srv->target;
        if (target == nullptr || !target->is_parsed()) continue;
        name_key k;
        if (!k.assign(target->parsed())) continue;
        const node* t = z_.find(k.view());
        if (t != nullptr && std::find(s.additional.begin(), s.additional.end(), t) == s.additional.end()) {
          s.additional.push_back(t);
        }
      }
    }
  }
  return true;
}

}  // namespace

std::unique_ptr<zone> load_zone(const std::string& origin, const std::string& file, std::string& error) {
  ldns_rdf* apex = nullptr;
  if (ldns_str2rdf_dname(&apex, origin.c_str()) != LDNS_STATUS_OK) {
    error = "--zone " + origin + ": not a domain name";
    return nullptr;
  }
  auto z = std::make_unique<zone>();
  z->origin_text = origin;
  z->origin_key = lowered(ldns_rdf_data(apex), ldns_rdf_size(apex));
  z->origin_labels = ldns_dname_label_count(apex);
  loader l(*z, apex);
  const bool ok = l.load_file(file, "", apex, 0, error) && l.finish(file, error);
  ldns_rdf_deep_free(apex);
  return ok ? std::move(z) : nullptr;
}

}  // namespace dns_server
