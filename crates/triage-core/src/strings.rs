//! Every word the widget shows that is not the vendor's own policy text, with its English default.
//!
//! The widget has no English literal in its components: it asks for a [`UiString`] and the policy's
//! `strings` table may replace any of them (another language, the vendor's tone). Templates carry named
//! placeholders such as `{level}`; [`fill`] substitutes them, so a translation can reorder the words.
//! The key list, the defaults and the schema's descriptions are written once, in the macro call below.

use serde::{Deserialize, Serialize};

macro_rules! ui_strings {
    ($( $(#[doc = $doc:literal])* $variant:ident = $default:literal; )*) => {
        /// Widget texts a vendor may replace (`strings` in the policy file). `{name}` marks a placeholder.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum UiString {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl UiString {
            pub const ALL: &'static [UiString] = &[$(UiString::$variant),*];

            /// The English text used when the policy does not override this string.
            pub fn default_text(self) -> &'static str {
                match self {
                    $(UiString::$variant => $default,)*
                }
            }
        }
    };
}

ui_strings! {
    /// The button that opens the widget.
    Launcher = "Get help";
    /// The panel heading; `{vendor}`.
    Title = "Get help from {vendor}";
    /// Text under the heading.
    Intro = "A few questions help us route your request at the right priority.";
    /// Accessible name of the close button.
    Close = "Close";
    /// The step indicator; `{n}`, `{total}`, `{title}`.
    StepIndicator = "Step {n} of {total} · {title}";
    /// Title of the request-type step.
    StepType = "What is happening?";
    /// Title of the impact and severity step.
    StepSeverity = "How bad is it?";
    /// Title of the details step.
    StepDetails = "Describe it";
    /// Title of the review step.
    StepReview = "Review and send";
    /// Button to the previous step.
    Back = "Back";
    /// Button to the next step.
    Next = "Next";
    /// Button that discards the draft.
    StartOver = "Start over";
    /// Shown while the policy loads.
    Loading = "Loading…";
    /// Shown when the policy cannot be loaded; `{fallback}` is the policy's fallback contact.
    Unavailable = "The support form cannot be shown right now. {fallback}";
    /// A request type must be chosen.
    TypeRequired = "Choose what is happening.";
    /// A question is unanswered; `{question}`.
    AnswerRequired = "Choose an answer.";
    /// Heading of the suggestion; `{level}`.
    Suggested = "Suggested: {level}";
    /// Heading of the suggestion when the person chose another level; `{level}`, `{suggested}`.
    Chosen = "Filing as {level} (suggested: {suggested})";
    /// Label before the examples of a level.
    Examples = "For example:";
    /// Label of the reasons list.
    Why = "Why:";
    /// First-response target with a deadline; `{target}`, `{coverage}`, `{when}`.
    FirstResponseBy = "First response within {target}, {coverage} — by {when}, your time";
    /// Resolution target with a deadline; `{target}`, `{coverage}`, `{when}`.
    ResolutionBy = "Resolution within {target}, {coverage} — by {when}, your time";
    /// A first response the vendor only aims for; `{target}`, `{coverage}`, `{when}`.
    FirstResponseIndicative = "First response: about {target}, best effort, {coverage} — around {when}, your time";
    /// A resolution the vendor only aims for; `{target}`, `{coverage}`, `{when}`.
    ResolutionIndicative = "Resolution: about {target}, best effort, {coverage} — around {when}, your time";
    /// First response on a best-effort basis; `{coverage}`.
    FirstResponseBestEffort = "First response: best effort ({coverage})";
    /// Resolution on a best-effort basis; `{coverage}`.
    ResolutionBestEffort = "Resolution: best effort ({coverage})";
    /// No response-time commitment at all.
    FirstResponseNoSla = "First response: no SLA on this plan";
    /// No resolution commitment at all.
    ResolutionNoSla = "Resolution: no SLA on this plan";
    /// The vendor states the target elsewhere; `{text}` is its words.
    FirstResponseElsewhere = "First response: {text}";
    /// When `{when}` is today; `{time}`.
    WhenToday = "{time} today";
    /// When `{when}` is tomorrow; `{time}`.
    WhenTomorrow = "{time} tomorrow";
    /// When `{when}` is later; `{time}`, `{date}`.
    WhenLater = "{date} {time}";
    /// The clock starts later than now; `{coverage}`, `{opens}` (vendor's time), `{opens_local}` (yours).
    CoverageStarts = "Support hours are {coverage}: your ticket is answered from {opens}, {opens_local} your time.";
    /// Accessible description of the timeline picture.
    Timeline = "Timeline from now to the deadline; shaded parts are support hours.";
    /// Timeline start label.
    Now = "Now";
    /// Legend of the plan question.
    PlanLegend = "Your support plan";
    /// The "I don't know" plan option.
    PlanUnknown = "I don't know";
    /// Caption of the per-plan target list; shown when the plan is not known.
    PlanTargets = "First response by plan:";
    /// A plan must be chosen (or "I don't know").
    PlanRequired = "Choose your plan, or \"I don't know\".";
    /// Heading of the channels this level requires.
    ChannelsRequired = "Also contact support directly";
    /// Heading of the channels recommended at this level.
    ChannelsRecommended = "Recommended for this level";
    /// Heading of the other ways to reach support.
    ChannelsOther = "Other ways to reach support";
    /// A channel that is not accepted at this level; `{channel}`.
    ChannelNotAccepted = "{channel}: not accepted at this level.";
    /// Phone channel name.
    KindPhone = "Phone";
    /// Email channel name.
    KindEmail = "Email";
    /// Portal channel name.
    KindPortal = "Support portal";
    /// Chat channel name.
    KindChat = "Chat";
    /// Slack channel name.
    KindSlack = "Slack";
    /// Teams channel name.
    KindTeams = "Microsoft Teams";
    /// Form channel name.
    KindForm = "Web form";
    /// Widget channel name.
    KindWidget = "Support widget";
    /// Other channel name.
    KindOther = "Other";
    /// Disclosure that lists every level.
    ChooseLevel = "Not right? Choose another level";
    /// Legend of the level list.
    LevelLegend = "Severity";
    /// Marks the suggested level in the list.
    SuggestedMark = "(suggested)";
    /// Label of the justification field.
    Justification = "Why is it more severe than suggested? (one line)";
    /// The justification is missing.
    JustificationRequired = "Say in one line why it is more severe than suggested.";
    /// Heading of the plan's notes.
    Notes = "Good to know";
    /// Label of the summary field.
    Summary = "Summary";
    /// Help under the summary field.
    SummaryHelp = "One line support will read first.";
    /// The summary is missing.
    SummaryRequired = "Write a one-line summary.";
    /// The send button.
    Submit = "Send ticket";
    /// Shown while sending.
    Sending = "Sending…";
    /// Shown after a ticket is filed; `{reference}`, `{level}`.
    Success = "Ticket filed: {reference} ({level}).";
    /// Shown when sending failed and the ticket could not be kept either; `{error}`, `{why}`.
    NotKept = "Not sent: {error}. It could not be kept in this browser either ({why}): copy it before leaving.";
    /// Button to file another ticket after one was filed.
    NewTicket = "File another ticket";
    /// Summary of the problems that block the step; `{count}`.
    FixProblems = "Please fix {count} thing(s) above to go on.";
    /// A required detail field is empty.
    FieldRequired = "This is required.";
    /// An email field holds something that is not an email address.
    EmailInvalid = "Enter an email address like name@example.com (several: separate them with commas).";
    /// Marks a required field after its label.
    RequiredMark = "(required)";
    /// Label of the file picker for logs.
    AttachFiles = "Attach text files";
    /// Hint in the drop zone.
    DropHint = "or drop text files here";
    /// An attached file in the list; `{name}`, `{size}`.
    AttachmentLine = "{name} ({size})";
    /// Button removing an attachment; `{name}`.
    RemoveAttachment = "Remove {name}";
    /// A file refused as not text; `{name}`.
    FileBinary = "{name} is not a text file and was not attached.";
    /// A file that could not be read; `{name}`.
    FileUnreadable = "{name} could not be read.";
    /// Logs trimmed to the budget; `{name}`, `{cut}`, `{budget}`.
    Trimmed = "{name}: the first {cut} characters were left out to stay within {budget} characters of logs per ticket; the end is kept.";
    /// Size units; `{n}`.
    Bytes = "{n} bytes";
    /// Size units; `{n}`.
    KiloBytes = "{n} KB";
    /// Heading of the context list in review.
    ContextHeading = "Sent along to help support";
    /// Button removing a context item; `{item}`.
    RemoveContext = "Remove {item}";
    /// Button putting a removed context item back; `{item}`.
    RestoreContext = "Add {item} back";
    /// Shown for a removed context item.
    ContextRemoved = "not sent";
    /// Context labels.
    CtxPageUrl = "Page";
    CtxBrowser = "Browser";
    CtxOs = "Operating system";
    CtxLanguage = "Language";
    CtxTimeZone = "Time zone";
    CtxScreen = "Screen";
    CtxViewport = "Window";
    CtxColorScheme = "Colour scheme";
    CtxOnline = "Connection";
    CtxProductVersion = "Product version";
    CtxAccountId = "Account";
    CtxUserName = "Name";
    CtxUserEmail = "Email";
    /// Redaction kind labels (the `{kind}` in the finding line and its buttons).
    SecretAwsAccessKey = "AWS access key ID";
    SecretAwsSecretKey = "AWS secret access key";
    SecretGithubToken = "GitHub token";
    SecretGitlabToken = "GitLab token";
    SecretSlackToken = "Slack token";
    SecretSlackWebhook = "Slack webhook URL";
    SecretStripeKey = "Stripe secret key";
    SecretGoogleApiKey = "Google API key";
    SecretNpmToken = "npm token";
    SecretOpenaiKey = "OpenAI API key";
    SecretAnthropicKey = "Anthropic API key";
    SecretSendgridKey = "SendGrid API key";
    SecretTwilioKey = "Twilio API key";
    SecretShopifyToken = "Shopify token";
    SecretHerokuKey = "Heroku API key";
    SecretAtlassianToken = "Atlassian API token";
    SecretAzureClientSecret = "Azure client secret";
    SecretTelegramBotToken = "Telegram bot token";
    SecretPrivateKey = "Private key";
    SecretKubernetesSecret = "Kubernetes secret value";
    SecretJwt = "JSON Web Token";
    SecretBearerToken = "Bearer token";
    SecretBasicAuth = "Basic-auth credentials";
    SecretUrlPassword = "Password in a URL";
    SecretPassword = "Password";
    SecretGeneric = "Secret, token or API key";
    SecretSessionCookie = "Session cookie";
    SecretCardNumber = "Card number";
    SecretEmail = "Email address";
    SecretIpAddress = "IP address";
    /// Heading of the redaction list in review; `{count}`.
    RedactedHeading = "Hidden before sending ({count})";
    /// Text above the findings.
    RedactedHelp = "These look like secrets, so they are replaced with a marker. Undo one only if support really needs it.";
    /// One finding; `{kind}`, `{where}`, `{preview}`.
    FindingLine = "{kind} in {where}: {preview}";
    /// Button sending a finding as it is; `{kind}`, `{where}`.
    UndoRedaction = "Send this {kind} as it is";
    /// Button hiding a finding again; `{kind}`, `{where}`.
    RedoRedaction = "Hide this {kind} again";
    /// Marks a finding the person chose to send.
    WillBeSent = "will be sent as it is";
    /// Review section headings.
    ReviewSeverity = "Severity";
    ReviewDetails = "Details";
    ReviewAttachments = "Attached files";
    /// Button back to a step; `{step}`.
    EditStep = "Change “{step}”";
    /// Review: the request type label.
    ReviewType = "Request type";
    /// Review: the plan label.
    ReviewPlan = "Plan";
    /// Review: the level label.
    ReviewLevel = "Level";
    /// Review: justification label.
    ReviewJustification = "Why more severe";
    /// Review: a field left empty.
    NotGiven = "—";
    /// Heading of the escalation path after sending.
    EscalationHeading = "If it gets worse";
    /// Heading of the tips after sending.
    TipsHeading = "Meanwhile";
    /// A ticket waiting in the outbox; `{reason}` is one of the `Fail…` texts.
    Queued = "Not sent yet: {reason}. Your ticket is saved in this browser and will be sent automatically — queued, will retry.";
    /// A ticket the endpoint refused; `{reason}` is the endpoint's answer.
    Held = "Not sent: {reason}. Your ticket is kept in this browser: edit it and send again, or use one of the options below.";
    /// Heading of the list of tickets waiting in this browser; `{count}`.
    OutboxHeading = "Waiting to be sent from this browser: {count}";
    /// Retry-now button of a waiting ticket.
    RetryNow = "Retry now";
    /// Copy-as-text button.
    CopyTicket = "Copy as text";
    /// Shown after copying.
    Copied = "Copied.";
    /// Copying failed; the text is shown selected for copying by hand.
    CopyFailed = "The browser did not allow copying: select the text below and copy it.";
    /// Download-as-JSON button.
    DownloadTicket = "Download (JSON)";
    /// Email-the-ticket link; `{address}`.
    EmailTicket = "Email it to {address}";
    /// Entries that could not be read; `{count}`.
    SetAside = "{count} saved ticket(s) in this browser could not be read; they are kept aside and not sent. Download them and send them to support.";
    /// Download button for entries set aside.
    DownloadSetAside = "Download unreadable tickets";
    /// The browser reports no network.
    FailOffline = "you are offline";
    /// Nothing answered at the endpoint's address.
    FailUnreachable = "the support server could not be reached (connection refused or no route)";
    /// The server answered but the browser blocked reading it.
    FailCors = "the support server does not accept requests from this site (blocked by CORS), or the connection dropped";
    /// The connection closed before an answer.
    FailDropped = "the connection to the support server dropped before it answered";
    /// No answer within the policy's timeout; `{seconds}`.
    FailTimeout = "the support server did not answer within {seconds} s";
    /// A 5xx answer; `{status}`.
    FailServer = "the support server had an error (HTTP {status})";
    /// 429/503 without a wait; `{status}`.
    FailBusy = "the support server is busy (HTTP {status})";
    /// 429/503 with Retry-After; `{status}`, `{seconds}`.
    FailBusyFor = "the support server is busy (HTTP {status}) and asked to wait {seconds} s";
    /// 413.
    FailTooLarge = "the ticket is too large for the support server (HTTP 413): shorten the logs or details";
    /// Another 4xx with the endpoint's message; `{status}`, `{message}`.
    FailRejected = "the support server refused the ticket (HTTP {status}): {message}";
    /// Another 4xx without a message; `{status}`.
    FailRejectedBare = "the support server refused the ticket (HTTP {status})";
    /// Ticket-as-text line; `{value}`.
    TextSummary = "Summary: {value}";
    /// Ticket-as-text line; `{value}`.
    TextLevel = "Severity: {value}";
    /// Ticket-as-text line; `{value}`.
    TextJustification = "Why more severe: {value}";
    /// Ticket-as-text line; `{value}`.
    TextType = "Request type: {value}";
    /// Ticket-as-text line; `{value}`.
    TextPlan = "Plan: {value}";
    /// Ticket-as-text line; `{value}`.
    TextSubmitted = "Submitted: {value}";
    /// Ticket-as-text line; `{value}`.
    TextId = "Ticket id: {value}";
    /// Email subject; `{level}`, `{summary}`.
    MailSubject = "[{level}] {summary}";
    /// Appended when the email body had to be cut.
    MailTruncated = "(cut to fit an email link: download the ticket as JSON for the rest)";
    /// After the first-response line: a promise that holds if the case is raised through a channel as
    /// well; `{target}`, `{coverage}`, `{condition}` (one of the `if_…` texts), `{when}`.
    AlternativeBy = "— or within {target}, {coverage}, {condition}: by {when}, your time";
    /// The same for a time the vendor only aims for; `{target}`, `{coverage}`, `{condition}`, `{when}`.
    AlternativeIndicative = "— or {target}, {coverage}, {condition}: around {when}, your time (not promised)";
    /// The condition of a phone alternative with a number to dial; `{number}`.
    IfCall = "if you call {number}";
    /// The condition of a phone alternative whose number is not given here (an instruction).
    IfCallUnnamed = "if you call support";
    /// The condition of an alternative on another channel; `{channel}` (its label or kind name).
    IfChannel = "if you raise it through {channel}";
}

/// Replaces each `{name}` in `template` with its value; unknown placeholders are left as they are, so a
/// vendor's typo shows up on screen instead of silently dropping words.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) => match args.iter().find(|(k, _)| *k == name) {
                Some((_, value)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            },
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
