// The email DeliveryChannel: composes the message (mail_composer.hpp) and hands it to an SMTP server with libcurl,
// over implicit TLS (smtps, port 465) or STARTTLS (port 587, TLS required), with AUTH when a user name is set.
// Connections stay open between messages (CurlPool). The receipt holds the Message-ID sent and the server's answer
// ("250 2.0.0 Ok: queued as 4B1F3"). Failures: 4xx replies, timeouts and refused connections are temporary; 5xx
// replies to the recipient or the message are permanent; refused credentials, TLS failures and bad settings are
// "misconfigured".
// Thread-safety: Send may be called from several threads at once.
#pragma once

#include <string>

#include "channels/curl_session.hpp"
#include "channels/mail_composer.hpp"
#include "domain/delivery_channel.hpp"
#include "domain/time.hpp"

namespace kesu::channels {

struct SmtpSettings {
    std::string host;  // e.g. smtp.exmail.qq.com
    int port = 465;
    TransportSettings transport{TlsMode::kImplicit};
    std::string username;       // empty: no AUTH
    std::string password;       // never logged, never part of an error
    std::string envelope_from;  // MAIL FROM (where bounces go); empty: identity.from_address
    MailIdentity identity;
};

class SmtpMailer final : public domain::DeliveryChannel {
public:
    // `attachments` may be null if no message will carry attachments; both references must outlive the mailer.
    SmtpMailer(SmtpSettings settings, const domain::Clock& clock, const domain::AttachmentSource* attachments);

    domain::DeliveryChannelKind Kind() const override { return domain::DeliveryChannelKind::kEmail; }
    domain::DeliveryResult Send(const domain::OutgoingMessage& message) override;

private:
    SmtpSettings settings_;
    const domain::Clock& clock_;
    const domain::AttachmentSource* attachments_;
    std::string url_;
    CurlPool pool_;
};

}  // namespace kesu::channels
