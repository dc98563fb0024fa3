// Dispatch of service messages and user authentication (RFC 4252). The
// channels are in channels.cc.
#include "connection.h"

#include "channel.h"

namespace ssh_server {

using namespace wire;  // the codec's short names: msg, Number, Reason, text

Connection::Connection(Transport& transport, ConnectionConfig config) : transport_(transport), config_(std::move(config)) {}

Connection::~Connection() = default;

void Connection::on_message(const msg::view& m) {
  using Case = msg::message_number_case_t;
  switch (m.message_number_case()) {
    case Case::ServiceRequest: {
      const std::string_view name = wire::as_text(m.as_ServiceRequest()->service_name());
      if (name != "ssh-userauth" || userauth_service_) {
        transport_.disconnect(Reason::ServiceNotAvailable, "service not available: " + std::string(name));
        return;
      }
      userauth_service_ = true;
      transport_.send(wire::message(Number::ServiceAccept, msg::ServiceAccept{.service_name = text(name)}));
      return;
    }
    case Case::UserauthRequest:
      if (!userauth_service_) {
        transport_.disconnect(Reason::ProtocolError, "USERAUTH_REQUEST before the ssh-userauth service was accepted");
        return;
      }
      // RFC 4252 §5.1: requests after success are ignored.
      if (!authenticated_) on_userauth(m);
      return;
    default:
      break;
  }
  if (!authenticated_) {
    transport_.disconnect(Reason::ProtocolError, "connection protocol message before authentication");
    return;
  }
  switch (m.message_number_case()) {
    case Case::GlobalRequest:
      on_global_request(m);
      return;
    case Case::ChannelOpen:
      on_channel_open(m);
      return;
    case Case::RequestSuccess:
    case Case::RequestFailure:
      return;  // we send no global requests
    default:
      on_channel_message(m);
      return;
  }
}

void Connection::auth_failure(bool counted) {
  if (counted && ++failures_ >= config_.max_auth_failures) {
    transport_.disconnect(Reason::NoMoreAuthMethodsAvailable, "too many authentication failures");
    return;
  }
  const std::string_view methods = config_.password ? "publickey,password" : "publickey";
  transport_.send(wire::message(Number::UserauthFailure,
                                msg::UserauthFailure{.authentications_that_can_continue = methods, .partial_success = 0}));
}

void Connection::on_userauth(const msg::view& m) {
  const auto r = *m.as_UserauthRequest();
  if (wire::as_text(r.service_name()) != "ssh-connection") {
    transport_.disconnect(Reason::ServiceNotAvailable, "service not available: " + std::string(wire::as_text(r.service_name())));
    return;
  }
  bool ok = false;
  if (auto pk = r.as_PublicKey()) {
    bool known = false;
    for (const Bytes& k : *config_.authorized_keys) {
      if (equal_secret(k, pk->key_blob())) known = true;
    }
    const auto point = wire::ed25519_point(pk->key_blob());
    if (!known || !point || wire::as_text(pk->algorithm()) != "ssh-ed25519") {
      auth_failure(true);
      return;
    }
    if (pk->as_Query()) {
      // RFC 4252 §7: the key would do; the client signs next.
      transport_.send(wire::message(Number::UserauthMethodSpecific,
                                    msg::UserauthPkOk{.algorithm = pk->algorithm(), .key_blob = pk->key_blob()},
                                    mpl::ssh::auth_method::publickey));
      return;
    }
    const Bytes signed_data = wire::build(::ssh::ssh_userauth_signed_data::builder{
        .session_id = wire::view_of(transport_.session_id()),
        .user_name = r.user_name(),
        .service_name = r.service_name(),
        .algorithm = pk->algorithm(),
        .key_blob = pk->key_blob()});
    const auto sig = wire::ed25519_signature(pk->as_Signed()->signature());
    ok = sig && ed25519_verify(*point, signed_data, *sig);
  } else if (auto pw = r.as_Password()) {
    auto plain = pw->as_Plain();
    ok = config_.password && plain && equal_secret(wire::text(*config_.password), plain->password());
  } else if (r.as_None()) {
    auth_failure(false);  // RFC 4252 §5.2: the list of methods, not a failure counted
    return;
  }
  if (!ok) {
    auth_failure(true);
    return;
  }
  authenticated_ = true;
  transport_.send(wire::message(Number::UserauthSuccess, msg::UserauthSuccess{}));
}

void Connection::on_global_request(const msg::view& m) {
  // keepalive@openssh.com and anything else: no global request is
  // supported (no remote forwarding), and RFC 4254 §4 answers FAILURE.
  if (m.as_GlobalRequest()->want_reply() != 0) {
    transport_.send(wire::message(Number::RequestFailure, msg::RequestFailure{}));
  }
}

}  // namespace ssh_server
