#include "answer.h"

#include <algorithm>
#include <array>

#include "cache.h"
#include "dns_header.h"
#include "lookup.h"

namespace dns_server {
namespace {

// A CNAME chain longer than this inside one zone is a loop or a mistake;
// the resolver is left to follow what is in the answer so far.
constexpr int max_chain = 8;
// Reserved up front so the vectors never grow on the query path for
// ordinary zones; a larger RRset grows them once, and they stay grown.
constexpr std::size_t reserved_records = 64;

}  // namespace

// What answering needs from the query, read once from the parsed view.
struct responder::request {
  std::uint16_t id = 0;
  msg::opcode_t opcode{};
  std::uint8_t rd = 0;
  msg::rcode_t rcode = msg::rcode_t::NoError;  // an error settled while reading the query
  bool has_question = false;
  mpl::dns::name_view qname;
  name_key key;
  std::uint16_t qtype = 0;
  std::uint16_t qclass = 0;
  bool edns = false;
  std::uint8_t edns_version = 0;
  std::uint8_t dnssec_ok = 0;
  std::uint16_t udp_payload = 0;

  std::size_t limit(transport via) const noexcept {
    if (via == transport::tcp) return max_response;
    if (!edns) return classic_udp_payload;
    // RFC 6891 §6.2.3: values below 512 are treated as 512.
    return std::clamp<std::size_t>(udp_payload, classic_udp_payload, our_udp_payload);
  }
};

responder::responder(const zone_set& zones, answer_cache* cache) : zones_(zones), cache_(cache) {
  answers_.reserve(reserved_records);
  authority_.reserve(reserved_records);
  additional_.reserve(reserved_records);
  included_.reserve(reserved_records);
}

std::size_t responder::answer(mpl::bytes query, transport via, mpl::mutable_bytes out) {
  request q;
  auto m = msg::parse(query);
  if (!m) {
    // Too broken to read whole: FORMERR if it at least has a query's
    // header (RFC 1035 §4.1.1), nothing otherwise.
    auto h = ::dns_header::dns_header::parse(query);
    if (!h || h->qr() != 0) return 0;
    q.id = h->id();
    q.opcode = static_cast<msg::opcode_t>(h->opcode());
    q.rd = h->rd();
    q.rcode = msg::rcode_t::FormErr;
    return build(q, via, out);
  }
  if (m->qr() != 0) return 0;  // a response: answering could start a loop
  q.id = m->id();
  q.opcode = m->opcode();
  q.rd = m->rd();
  if (m->qdcount() == 1) {
    // A copy: the iterator's element view dies with the iterator.
    const auto questions = m->questions();
    const auto question = *questions.begin();
    q.qname = question.qname();
    q.qtype = question.qtype();
    q.qclass = question.qclass();
    q.has_question = q.key.assign(q.qname);
  }
  std::size_t opts = 0;
  for (const auto& a : m->additional()) {
    if (auto opt = a.rr().as_Opt()) {
      ++opts;
      q.edns = true;
      q.udp_payload = opt->udp_payload_size();
      q.edns_version = opt->version();
      q.dnssec_ok = opt->dnssec_ok();
      // RFC 6891 §6.1.1: the OPT record's owner is the root.
      if (!a.rr().name().is_root()) q.rcode = msg::rcode_t::FormErr;
    }
  }
  if (m->opcode() != msg::opcode_t::Query) {
    q.rcode = msg::rcode_t::NotImp;
  } else if (!q.has_question || m->ancount() != 0 || m->nscount() != 0 || opts > 1) {
    // A query asks one question and carries no records but its OPT.
    q.rcode = msg::rcode_t::FormErr;
  }
  if (q.rcode != msg::rcode_t::NoError || q.edns_version != 0 || cache_ == nullptr) return build(q, via, out);

  const cache_key key = make_cache_key(q.key, q.qtype, q.qclass, q.rd, q.edns, q.dnssec_ok, q.limit(via));
  if (std::size_t n = cache_->find(key, out); n != 0) {
    // The stored response is for a query that differed at most in id and
    // in the case of the name: take both from this query. The header is
    // rewritten through the generated mutable view; the question's name,
    // always uncompressed at byte 12 of ours (RFC 1035 §4.1.2), is written
    // label by label: the query's may hold a pointer, so its bytes as they
    // stand can be shorter than ours.
    auto h = ::dns_header::dns_header::parse_mutable(out.first(n));
    if (h && mpl::dns::header_bytes + q.qname.wire_length() < n) {
      h->set_id(q.id);
      std::size_t at = mpl::dns::header_bytes;
      for (const mpl::bytes label : q.qname) {
        out[at] = static_cast<std::uint8_t>(label.size());
        std::copy(label.begin(), label.end(), out.begin() + static_cast<std::ptrdiff_t>(at + 1));
        at += 1 + label.size();
      }
      return n;
    }
  }
  const std::size_t n = build(q, via, out);
  if (n != 0) cache_->store(key, out.first(n));
  return n;
}

template <class Element>
bool responder::add_rrset(std::vector<Element>& to, const rrset& s, const mpl::dns::name_view* owner) {
  if (std::find(included_.begin(), included_.end(), &s) != included_.end()) return false;
  included_.push_back(&s);
  for (const rr::builder& record : s.records) {
    Element& e = to.emplace_back();
    e.rr = record;
    if (owner != nullptr) e.rr.name = *owner;
  }
  return true;
}

// RFC 1034 §4.3.2 step 6: the addresses of the names an RRset points to,
// where the zone has them.
void responder::add_additional(const rrset& s) {
  for (const node* target : s.additional) {
    for (std::uint16_t type : {rrtype::A, rrtype::AAAA}) {
      if (const rrset* addresses = target->find(type)) add_rrset(additional_, *addresses, nullptr);
    }
  }
}

// RFC 2308 §3: the SOA in the authority section of a negative answer,
// with the TTL a resolver may cache the negative answer for.
void responder::add_soa(const zone& z) {
  msg::authority_element_builder& e = authority_.emplace_back();
  e.rr = z.soa->records[0];
  std::get<rr::Record>(e.rr.body).ttl = z.negative_ttl;
}

void responder::resolve(const request& q, msg::builder& b) {
  const bool class_any = q.qclass == class_any_value;
  if ((q.qclass != class_in && !class_any) || q.qtype == rrtype::AXFR || q.qtype == rrtype::IXFR) {
    // Other classes are not ours; zone transfers are not implemented.
    b.rcode = msg::rcode_t::Refused;
    return;
  }
  name_key key = q.key;
  mpl::dns::name_view asked = q.qname;  // the name looked up: the query's, then each CNAME's target
  for (int hop = 0; hop < max_chain; ++hop) {
    const lookup_result r = lookup(zones_, key, q.qtype);
    if (hop == 0) {
      if (r.kind == lookup_result::not_ours) {
        b.rcode = msg::rcode_t::Refused;
        return;
      }
      // Class ANY (RFC 1035 §3.2.5) is answered from our IN data, but
      // not authoritatively, as NSD does.
      b.aa = class_any ? 0 : 1;
    }
    switch (r.kind) {
      case lookup_result::not_ours:
        return;  // a CNAME out of our zones: the resolver follows it
      case lookup_result::referral: {
        // Not our data: the NS of the cut and their glue (RFC 1034 §4.3.2 3b).
        if (hop == 0) b.aa = 0;
        const rrset& ns = *r.n->find(rrtype::NS);
        if (add_rrset(authority_, ns, nullptr)) add_additional(ns);
        return;
      }
      case lookup_result::nxdomain:
        b.rcode = msg::rcode_t::NXDomain;  // RFC 6604: the rcode of the last name in the chain
        add_soa(*r.z);
        return;
      case lookup_result::exact:
      case lookup_result::wildcard:
        break;
    }
    const node& n = *r.n;
    // The owner written: the query's own name (its case kept) for the name
    // asked; the zone's spelling further down a chain; the name asked for
    // a wildcard's records (RFC 4592 §3.3.1).
    const mpl::dns::name_view* owner = r.kind == lookup_result::wildcard || hop == 0 ? &asked : nullptr;
    // NSEC3 records live only at hidden names (zone_loader.cc): a query
    // for them is NODATA here, as in NSD, not a reason to follow a CNAME.
    if (q.qtype != rrtype::CNAME && q.qtype != rrtype::ANY && q.qtype != rrtype::NSEC3) {
      if (const rrset* cname = n.find(rrtype::CNAME)) {
        if (!add_rrset(answers_, *cname, owner)) return;  // a loop
        const rd::builder& data = std::get<rr::Record>(cname->records[0].body).rdata;
        asked = std::get<rd::CNAME>(data.body).cname.parsed();
        if (!key.assign(asked)) return;
        continue;
      }
    }
    bool has_data = false;
    if (q.qtype == rrtype::ANY) {
      for (const rrset& s : n.rrsets) {
        if (add_rrset(answers_, s, owner)) add_additional(s);
      }
      has_data = !n.rrsets.empty();
    } else if (const rrset* s = n.find(q.qtype)) {
      if (add_rrset(answers_, *s, owner)) add_additional(*s);
      has_data = true;
    }
    if (!has_data) {
      add_soa(*r.z);  // NODATA (RFC 2308 §2.2)
    } else if (q.qtype != rrtype::ANY && q.qtype != rrtype::DNSKEY && q.qtype != rrtype::DS && !class_any) {
      // As NSD without minimal-responses: the zone's NS in the authority
      // section of a positive answer, and their addresses; not for the
      // types whose answers are large already.
      if (const rrset* ns = r.z->apex->find(rrtype::NS); ns != nullptr && add_rrset(authority_, *ns, nullptr)) {
        add_additional(*ns);
      }
    }
    return;
  }
}

std::size_t responder::build(const request& q, transport via, mpl::mutable_bytes out) {
  answers_.clear();
  authority_.clear();
  additional_.clear();
  included_.clear();

  msg::builder b;
  b.id = q.id;
  b.qr = 1;
  b.opcode = q.opcode;
  b.rd = q.rd;
  b.rcode = q.rcode;
  // An error in the query itself (FORMERR, NOTIMP) is answered with the
  // header alone, as NSD does: no question, no OPT.
  const bool header_only = q.rcode != msg::rcode_t::NoError;
  std::array<msg::questions_element_builder, 1> question{};
  if (q.has_question && !header_only) {
    question[0] = {.qname = q.qname, .qtype = q.qtype, .qclass = q.qclass};
    b.questions = question;
  }
  if (q.rcode == msg::rcode_t::NoError) {
    if (q.edns && q.edns_version != 0) {
      b.rcode = msg::rcode_t::NoError;  // BADVERS is 16: all of it in the OPT's upper bits
    } else {
      resolve(q, b);
    }
  }
  if (q.edns && !header_only) {
    // RFC 6891 §6.1.3: the OPT of the response states our size; DO is
    // copied (RFC 3225 §3); BADVERS (16) puts 1 in the upper eight bits.
    msg::additional_element_builder& e = additional_.emplace_back();
    e.rr.type = rr::type_t::OPT;
    rr::Opt& opt = e.rr.body.emplace<rr::Opt>();
    opt.udp_payload_size = our_udp_payload;
    opt.extended_rcode = q.edns_version != 0 && q.rcode == msg::rcode_t::NoError ? 1 : 0;
    opt.dnssec_ok = q.dnssec_ok;
  }
  b.answers = answers_;
  b.authority = authority_;
  b.additional = additional_;
  const mpl::mutable_bytes room = out.first(std::min(out.size(), q.limit(via)));
  if (auto n = b.write(room)) return *n;

  // Too large for the client's UDP size. Additional data is optional
  // (RFC 2181 §9): drop it first, keeping the OPT.
  if (q.edns && !header_only) {
    additional_.erase(additional_.begin(), additional_.end() - 1);
  } else {
    additional_.clear();
  }
  b.additional = additional_;
  if (auto n = b.write(room)) return *n;
  // Still too large: TC=1 with the question alone; the client asks again
  // over TCP (RFC 7766 §5).
  b.tc = 1;
  b.answers = {};
  b.authority = {};
  auto n = b.write(room);
  return n ? *n : 0;
}

}  // namespace dns_server
