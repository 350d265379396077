//! One line per rule and per look-alike: what each detector must catch (kind and exact value) and what it
//! must leave alone. The corpus tests show the rules together; these pin each one down.

use triage_core::redact::{masked_preview, redact, scan, summarize, Kind, Options};

fn found(text: &str) -> Vec<(Kind, &str)> {
    scan(text, &Options::default())
        .into_iter()
        .map(|f| (f.kind, &text[f.start..f.end]))
        .collect()
}

#[test]
fn each_rule_catches_its_secret_exactly() {
    use Kind::*;
    let cases: &[(&str, Kind, &str)] = &[
        ("key AKIAAU4PCZL6HT4DTCBS.", AwsAccessKey, "AKIAAU4PCZL6HT4DTCBS"),
        ("AWS_SECRET_ACCESS_KEY=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", AwsSecretKey, "p4tD14z4gzM+jppZxO4z7KdcwjOoGUI01iEFT059"),
        ("export GH_TOKEN=ghp_WTNdd0WJhLOkXToErLugaBQ6MppmduKdMcba", GithubToken, "ghp_WTNdd0WJhLOkXToErLugaBQ6MppmduKdMcba"),
        ("glpat-AP1X18_16OapVpdSgY4v failed", GitlabToken, "glpat-AP1X18_16OapVpdSgY4v"),
        ("(xoxb-628684592388-2745069377657-PLYV9nubuDbh4ITjNqEVQs0f)", SlackToken, "xoxb-628684592388-2745069377657-PLYV9nubuDbh4ITjNqEVQs0f"),
        ("POST https://hooks.slack.com/services/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 404", SlackWebhook, "https://hooks.slack.com/services/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"),
        ("Stripe: sk_test_4ldB3ZQlFr3WZ1dqYO28s0iM", StripeKey, "sk_test_4ldB3ZQlFr3WZ1dqYO28s0iM"),
        ("?key=AIza7qRdSXvSRvzi1JYY4U9QF3MpeUGeKFAM4eV&x=1", GoogleApiKey, "AIza7qRdSXvSRvzi1JYY4U9QF3MpeUGeKFAM4eV"),
        ("//registry.npmjs.org/:_authToken=npm_PKEhaqvhZXWQFIIIPtYJPE5tWrXaxztNFRl8", NpmToken, "npm_PKEhaqvhZXWQFIIIPtYJPE5tWrXaxztNFRl8"),
        ("OPENAI_API_KEY=sk-proj-vmMBE25UheeiLGsZqGuzN8XTyXZjdURlSDWqbqt0hdhzwP3M", OpenaiKey, "sk-proj-vmMBE25UheeiLGsZqGuzN8XTyXZjdURlSDWqbqt0hdhzwP3M"),
        ("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", SendgridKey, "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"),
        ("sid SK1ed1557f32afa4312c8310ce8485b7d2", TwilioKey, "SK1ed1557f32afa4312c8310ce8485b7d2"),
        ("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", ShopifyToken, "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"),
        ("the client secret is Vrk8Q~mO5DQTpLWsVae9.-OiGG6eCRz_e3pcttVN", AzureClientSecret, "Vrk8Q~mO5DQTpLWsVae9.-OiGG6eCRz_e3pcttVN"),
        ("bot 7925744681:AAlIl7nzHBV9J7YICBsQCev5WfbC0iQE204", TelegramBotToken, "7925744681:AAlIl7nzHBV9J7YICBsQCev5WfbC0iQE204"),
        ("id_token eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0LXVzZXIifQ. end", Jwt, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0LXVzZXIifQ."),
        ("Authorization: Bearer 0a1b2c3d4e5f6a7b8c9d", BearerToken, "0a1b2c3d4e5f6a7b8c9d"),
        ("authorization: Basic ZGVwbG95OmU2TktuSERpWHZvVDFr", BasicAuth, "ZGVwbG95OmU2TktuSERpWHZvVDFr"),
        ("Proxy-Authorization: Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAu", Secret, "YIIGhgYGKwYBBQUCoIIGejCCBnagMDAu"),
        ("amqp://guest:s3cr3t-pw@mq:5672/", UrlPassword, "s3cr3t-pw"),
        ("password: hunter2!", Password, "hunter2!"),
        ("\"passwd\" => 'c0rrect horse'", Password, "c0rrect horse"),
        ("$db_pass .= \"Pa55w0rd\";", Password, "Pa55w0rd"),
        ("<apiToken>\n   7f3a9c2e1b4d6f80\n</apiToken>", Secret, "7f3a9c2e1b4d6f80"),
        ("X-Api-Key: 54f0df8b1c34121ca65b9c75aecf4bc6", Secret, "54f0df8b1c34121ca65b9c75aecf4bc6"),
        ("{\"client_secret\":\"b467d2622815000ec6d21d20d71d3645\"}", Secret, "b467d2622815000ec6d21d20d71d3645"),
        ("Cookie: theme=dark; sessionid=2e0hmzCfWFNuXQboJRppwG1JkZm8DqBd", SessionCookie, "2e0hmzCfWFNuXQboJRppwG1JkZm8DqBd"),
        ("curl --user 'ops:Zq9!vL2#pT'", Password, "Zq9!vL2#pT"),
        ("CREATE USER app IDENTIFIED BY \"Wq7-rT2pLx9v\";", Password, "Wq7-rT2pLx9v"),
        ("kind: Secret\nstringData:\n  token: plain-text-value-1\n", KubernetesSecret, "plain-text-value-1"),
        ("paid with 3782 822463 10005 today", CardNumber, "3782 822463 10005"),
        ("card=4111-1111-1111-1111", CardNumber, "4111-1111-1111-1111"),
        ("$ mysql -uroot -pKw7#ppR2vLq -e 'select 1'", Password, "Kw7#ppR2vLq"),
        ("sshpass -p 'Wint3r!Coat' ssh ops@bastion", Password, "Wint3r!Coat"),
        ("ssh-keygen -t ed25519 -N 'blue harbor 42' -f id", Password, "blue harbor 42"),
        ("redis-cli -h cache -a Rq7vN2xP9k ping", Password, "Rq7vN2xP9k"),
        ("docker login -u ci -p Dk7Lq2vXm9 ghcr.io", Password, "Dk7Lq2vXm9"),
        ("gpg --batch --passphrase 'orchid 61' -d x.gpg", Password, "orchid 61"),
        ("openssl pkcs12 -export -out a.p12 -passout pass:Fr0st-bite-77", Password, "Fr0st-bite-77"),
        ("keytool -list -keystore a.jks -storepass St0re-Pw-41", Password, "St0re-Pw-41"),
        ("$ vault kv get -field=password secret/app\nhV8#kq2LmZ\n", Password, "hV8#kq2LmZ"),
        ("$ kubectl get secret db -o jsonpath='{.data.token}'\nZDBhN2YzYzJl\n", KubernetesSecret, "ZDBhN2YzYzJl"),
        ("$ gcloud secrets versions access latest --secret=db\n4f9a1c7e2b8d\n", Secret, "4f9a1c7e2b8d"),
        ("/app # printenv DB_PASSWORD\nMq2#vX8sLp4\n", Password, "Mq2#vX8sLp4"),
        ("$ vault read -field=value kv/ci/api-token\nhvs.CAESIJx9q2Lm7Zr4\n", Secret, "hvs.CAESIJx9q2Lm7Zr4"),
        ("PS C:\\> Get-Content C:\\secrets\\api_token.txt\nAt9xFileTok3n\n", Secret, "At9xFileTok3n"),
    ];
    for (text, kind, value) in cases {
        assert_eq!(found(text), vec![(*kind, *value)], "in {text:?}");
    }
}

#[test]
fn look_alikes_stay_readable() {
    let clean = [
        "AKIAXXXXXXXXXXXXXXXX and AKIAIOSFODNNNNNNNNNN",
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "xoxb-your-bot-token and xoxe-1-xxx",
        "password: ******** / password=<your password> / password: ${DB_PASSWORD} / password: null",
        "token: {{ .Values.token }} and api_key=$API_KEY and secret: %(secret)s",
        "Authorization: Bearer <token> / Authorization: Basic ... / Bearer $TOKEN",
        "request_id=9f1c2e7a-3b4d-4e5f-8a9b-0c1d2e3f4a5b secretName: db-creds token_ttl: 3600",
        "max_tokens: 4096, prompt_tokens=1834, tokenizer=cl100k_base, keyboard=us",
        "password = getPassword(user); token = jwt.encode(payload); secret = config.secret",
        "ts=1764063902118 ns=1764063902118000000 order 4000123412341234567890 phone +1 415 555 0142",
        "build 4111111111111112 (fails Luhn) and 1234 5678 9012 3456",
        "commit 9c1e2f4b7a3d5e6f8091a2b3c4d5e6f708192a3b, sha256:0d3f5a6b7c8d9e0f1a2b3c4d5e6f7081",
        "https://api.acme.io/v1/users?page=2 and ssh://git@github.com:acme/widget.git",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
        "eyJvcmRlciI6ODg0MjEzfQ== is just base64 JSON",
        "[REDACTED:password] and [REDACTED:aws-access-key] were already masked",
        "worker 18231:ApplicationContextInitializerFailure in pass: 3, fail: 0",
        "Set-Cookie: theme=dark; Path=/; Max-Age=31536000; SameSite=Lax",
        "mysql -u report -p billing / psql --password billing / mysql --password billing",
        "ssh -p 2222 deploy@bastion; docker run -p 8080:80/tcp web; mongosh -u admin -p --quiet",
        "docker login --password-stdin registry; ansible-playbook --ask-become-pass site.yml",
        "The --password option is deprecated; use --password-file instead.",
        "openssl rsa -in a.key -passin env:KEY_PASS -passout file:/run/pass",
        "$ vault kv get -field=username secret/app\nbilling_app\n",
        "$ kubectl get secret db -o jsonpath='{.metadata.name}'\nbilling-db\n",
        "$ cat /etc/passwd | grep app\napp:x:1001:1001::/srv/app:/usr/sbin/nologin\n",
        "$ printenv DB_HOST\npg-primary.internal\n$ echo $KUBECONFIG\nkube-prod-config\n",
        "$ printenv DB_PASSWORD\nann@web-3:~$\n",
        "I ran: vault kv get -field=password secret/app\nThanks!!\n",
        "Error creating bean with name 'passwordResetController': Injection failed",
        "passwordEncoder: bcrypt / password-complexity: uppercase / passwordRecoveryFlow: email-v2",
        "PasswordPolicyConfig : password-policy from prefix=identity.security.password-policy",
    ];
    for text in clean {
        assert_eq!(found(text), vec![], "in {text:?}");
    }
}

#[test]
fn private_key_blocks_are_masked_whole_even_when_cut_off() {
    let text = "key:\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkz5rS9\nAwEHoUQDQgAE\n-----END EC PRIVATE KEY-----\nnext line";
    assert_eq!(
        redact(text, &scan(text, &Options::default())),
        "key:\n[REDACTED:private-key]\nnext line"
    );
    let cut = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5v\nQyNTUxOQAAACBq4m0Q\n\nthat is all I have";
    assert_eq!(
        redact(cut, &scan(cut, &Options::default())),
        "[REDACTED:private-key]\n\nthat is all I have"
    );
}

#[test]
fn summaries_count_kinds_and_previews_hide_values() {
    let text = "password=Tr0ub4dor9 token=54f0df8b1c34121ca65b9c75aecf4bc6 pwd=Tr0ub4dor9x";
    let f = scan(text, &Options::default());
    let counts: Vec<(String, u32)> = summarize(&f).into_iter().collect();
    assert_eq!(
        counts,
        [("password".to_string(), 2), ("secret".to_string(), 1)]
    );
    let preview = f[1].preview(text);
    assert_eq!(preview, "54f0\u{2026} (32 characters)");
    assert_eq!(masked_preview("Tr0ub4dor9"), "\u{2026} (10 characters)");
}
