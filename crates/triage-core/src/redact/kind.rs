//! The kinds of secret the scanner knows. Their ids are stable: they appear in redaction markers, in the
//! ticket's redaction counts and in `triage redact --json`, so receivers and scripts may match on them.

use serde::{Deserialize, Serialize};

/// What a finding is. `as_str` gives the stable id, `label` the words a person reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    AwsAccessKey,
    AwsSecretKey,
    GithubToken,
    GitlabToken,
    SlackToken,
    SlackWebhook,
    StripeKey,
    GoogleApiKey,
    NpmToken,
    OpenaiKey,
    AnthropicKey,
    SendgridKey,
    TwilioKey,
    ShopifyToken,
    HerokuKey,
    AtlassianToken,
    AzureClientSecret,
    TelegramBotToken,
    PrivateKey,
    KubernetesSecret,
    Jwt,
    BearerToken,
    BasicAuth,
    UrlPassword,
    Password,
    Secret,
    SessionCookie,
    CardNumber,
    Email,
    IpAddress,
}

impl Kind {
    pub const ALL: [Kind; 30] = [
        Kind::AwsAccessKey,
        Kind::AwsSecretKey,
        Kind::GithubToken,
        Kind::GitlabToken,
        Kind::SlackToken,
        Kind::SlackWebhook,
        Kind::StripeKey,
        Kind::GoogleApiKey,
        Kind::NpmToken,
        Kind::OpenaiKey,
        Kind::AnthropicKey,
        Kind::SendgridKey,
        Kind::TwilioKey,
        Kind::ShopifyToken,
        Kind::HerokuKey,
        Kind::AtlassianToken,
        Kind::AzureClientSecret,
        Kind::TelegramBotToken,
        Kind::PrivateKey,
        Kind::KubernetesSecret,
        Kind::Jwt,
        Kind::BearerToken,
        Kind::BasicAuth,
        Kind::UrlPassword,
        Kind::Password,
        Kind::Secret,
        Kind::SessionCookie,
        Kind::CardNumber,
        Kind::Email,
        Kind::IpAddress,
    ];

    /// Stable id (kebab-case, equal to the serde form).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::AwsAccessKey => "aws-access-key",
            Kind::AwsSecretKey => "aws-secret-key",
            Kind::GithubToken => "github-token",
            Kind::GitlabToken => "gitlab-token",
            Kind::SlackToken => "slack-token",
            Kind::SlackWebhook => "slack-webhook",
            Kind::StripeKey => "stripe-key",
            Kind::GoogleApiKey => "google-api-key",
            Kind::NpmToken => "npm-token",
            Kind::OpenaiKey => "openai-key",
            Kind::AnthropicKey => "anthropic-key",
            Kind::SendgridKey => "sendgrid-key",
            Kind::TwilioKey => "twilio-key",
            Kind::ShopifyToken => "shopify-token",
            Kind::HerokuKey => "heroku-key",
            Kind::AtlassianToken => "atlassian-token",
            Kind::AzureClientSecret => "azure-client-secret",
            Kind::TelegramBotToken => "telegram-bot-token",
            Kind::PrivateKey => "private-key",
            Kind::KubernetesSecret => "kubernetes-secret",
            Kind::Jwt => "jwt",
            Kind::BearerToken => "bearer-token",
            Kind::BasicAuth => "basic-auth",
            Kind::UrlPassword => "url-password",
            Kind::Password => "password",
            Kind::Secret => "secret",
            Kind::SessionCookie => "session-cookie",
            Kind::CardNumber => "card-number",
            Kind::Email => "email",
            Kind::IpAddress => "ip-address",
        }
    }

    /// What a person sees next to a finding.
    pub fn label(self) -> &'static str {
        match self {
            Kind::AwsAccessKey => "AWS access key ID",
            Kind::AwsSecretKey => "AWS secret access key",
            Kind::GithubToken => "GitHub token",
            Kind::GitlabToken => "GitLab token",
            Kind::SlackToken => "Slack token",
            Kind::SlackWebhook => "Slack webhook URL",
            Kind::StripeKey => "Stripe secret key",
            Kind::GoogleApiKey => "Google API key",
            Kind::NpmToken => "npm token",
            Kind::OpenaiKey => "OpenAI API key",
            Kind::AnthropicKey => "Anthropic API key",
            Kind::SendgridKey => "SendGrid API key",
            Kind::TwilioKey => "Twilio API key",
            Kind::ShopifyToken => "Shopify token",
            Kind::HerokuKey => "Heroku API key",
            Kind::AtlassianToken => "Atlassian API token",
            Kind::AzureClientSecret => "Azure client secret",
            Kind::TelegramBotToken => "Telegram bot token",
            Kind::PrivateKey => "Private key",
            Kind::KubernetesSecret => "Kubernetes secret value",
            Kind::Jwt => "JSON Web Token",
            Kind::BearerToken => "Bearer token",
            Kind::BasicAuth => "Basic-auth credentials",
            Kind::UrlPassword => "Password in a URL",
            Kind::Password => "Password",
            Kind::Secret => "Secret, token or API key",
            Kind::SessionCookie => "Session cookie",
            Kind::CardNumber => "Card number",
            Kind::Email => "Email address",
            Kind::IpAddress => "IP address",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == id)
    }

    /// When two findings overlap they become one; the more specific kind names it (lower ranks first).
    pub(super) fn rank(self) -> u8 {
        match self {
            Kind::PrivateKey => 0,
            Kind::Jwt | Kind::KubernetesSecret => 2,
            Kind::BearerToken | Kind::BasicAuth | Kind::UrlPassword => 3,
            Kind::AwsSecretKey | Kind::Password | Kind::Secret | Kind::SessionCookie => 4,
            Kind::CardNumber => 5,
            Kind::Email | Kind::IpAddress => 6,
            _ => 1,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
