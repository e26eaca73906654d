#!/usr/bin/env bash
# Protocol v1 end to end with nothing but xmlsec1, curl, openssl and shell tools.
#
# This is what an integrator on another stack does: no Python, no gateway CLI.
# A provider (AGB 12345678) signs and encrypts a payload and submits it; the
# zorgkantoor fetches, decrypts, verifies and acknowledges it; the provider
# collects and checks its receipts. Then (issue 13) the zorgkantoor answers in
# the plan's conversation: it signs and encrypts a reactie to the provider's AGB
# code, the provider fetches it from its own inbox, decrypts it with its own key,
# verifies the zorgkantoor's signature and acknowledges; the zorgkantoor collects
# its Afleverbevestiging.
#
# Parameters (environment variables):
#   CERTS    dev PKI directory (`meerzorg-gateway dev-pki --out certs`)  [certs]
#   GATEWAY  gateway base URL                               [https://localhost:8443]
#   WORK     scratch directory for every intermediate file  [a new mktemp -d]
#   PAYLOAD  example payload; its Berichtkop is replaced
#            [schemas/meerzorgplan/1.0/examples/valid-individueel.xml]
#   TYPE     BerichtType of the payload                     [meerzorgplan]
#   FROM     Afzender AGB code (party dir $CERTS/agb-$FROM) [12345678]
#   TO       Geadresseerde zorgkantoor code                 [5509]
#   ZK       zorgkantoor party dir that receives for TO     [zk-5509]
#   ANSWER   the zorgkantoor's answer payload; empty: no answer
#            [schemas/reactie-op-meerzorgplan/1.0/examples/valid-vragen.xml for a meerzorgplan]
#   ANSWER_TYPE  BerichtType of the answer                  [reactie-op-meerzorgplan]
#   TEMPLATES  directory of the XML templates  [the templates/ next to this script]
#
# Any failed step stops the script with a non-zero exit status.
set -euo pipefail

CERTS=${CERTS:-certs}
GATEWAY=${GATEWAY:-https://localhost:8443}
WORK=${WORK:-$(mktemp -d)}
PAYLOAD=${PAYLOAD:-schemas/meerzorgplan/1.0/examples/valid-individueel.xml}
TYPE=${TYPE:-meerzorgplan}
FROM=${FROM:-12345678}
TO=${TO:-5509}
ZK=${ZK:-zk-5509}
if [ "$TYPE" = meerzorgplan ]; then
    ANSWER=${ANSWER-schemas/reactie-op-meerzorgplan/1.0/examples/valid-vragen.xml}
else
    ANSWER=${ANSWER-}
fi
ANSWER_TYPE=${ANSWER_TYPE:-reactie-op-meerzorgplan}
TEMPLATES=${TEMPLATES:-$(dirname "$0")/templates}

CA="$CERTS/ca.crt"
PROVIDER="$CERTS/agb-$FROM"
ZORGKANTOOR="$CERTS/$ZK"
mkdir -p "$WORK"

step() { printf '\n== %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() {
    printf '   FAILED: %s\n' "$*" >&2
    exit 1
}

# curl with mutual TLS as one party (a directory holding tls.crt and tls.key).
# Prints the body to the file $2 and the HTTP status to stdout.
call() { # call PARTY_DIR OUTPUT_FILE METHOD PATH [curl args...]
    local party=$1 out=$2 method=$3 path=$4
    shift 4
    curl --silent --show-error --cacert "$CA" \
        --cert "$party/tls.crt" --key "$party/tls.key" \
        --request "$method" --output "$out" --write-out '%{http_code}' \
        "$@" "$GATEWAY$path"
}

# Stop unless the HTTP status is the expected one; show the answer if it is not
# (a refused message comes with a signed Afgekeurd receipt listing the Meldingen).
expect() { # expect EXPECTED ACTUAL WHAT [BODY_FILE]
    if [ "$2" != "$1" ]; then
        [ -z "${4:-}" ] || { cat "$4"; echo; } >&2
        fail "$3: HTTP $2, expected $1"
    fi
    ok "$3: HTTP $2"
}

# The first PEM certificate in one list ("versleuteling" or "ondertekening")
# of the /v1/certificaten JSON, unescaped (\n and \/ in JSON strings).
pem_from_json() { # pem_from_json LIST JSON_FILE
    tr -d '\r\n' <"$2" |
        sed -n "s/.*\"$1\" *: *\[[^]]*\"certificaat\" *: *\"\([^\"]*\)\".*/\1/p" |
        sed -e 's/\\n/\n/g' -e 's/\\\//\//g'
}

# The text of the first element with this local name (any prefix) in a file:
# one line per tag, then the text after the first matching start tag.
xml_text() { # xml_text LOCAL_NAME FILE
    tr -d '\r\n' <"$2" | sed 's/</\n</g' |
        sed -n "s/^<\([A-Za-z0-9_.-]*:\)\{0,1\}$1\( [^>]*\)\{0,1\}>//p" |
        sed -n 1p
}

# The signer certificate in an XML Signature's KeyInfo, as PEM.
signer_cert() { # signer_cert SIGNED_XML
    printf -- '-----BEGIN CERTIFICATE-----\n'
    xml_text X509Certificate "$1" | tr -d ' \t\n' | fold -w 64
    printf -- '\n-----END CERTIFICATE-----\n'
}

# Whether the certificate in a signature's KeyInfo is exactly the expected one.
# (`xmlsec1 verify --trusted-pem` accepts any certificate of the CA, so a receipt
# needs this extra check. xmlsec1 can also pin the key itself:
# `xmlsec1 verify --pubkey-cert-pem gateway-sign.crt --enabled-key-data key-value ...`
# ignores the certificate in KeyInfo and verifies with the given one.)
# (Called after `||`, where set -e does not apply: hence the && chain.)
signed_by() { # signed_by SIGNED_XML EXPECTED_CERT
    rm -f "$WORK/signer.der" "$WORK/expected.der"
    signer_cert "$1" >"$WORK/signer.crt" &&
        openssl x509 -in "$WORK/signer.crt" -outform DER -out "$WORK/signer.der" &&
        openssl x509 -in "$2" -outform DER -out "$WORK/expected.der" &&
        cmp -s "$WORK/signer.der" "$WORK/expected.der"
}

# The base64 SHA-256 of a file, as BerichtDigest carries it.
sha256_b64() { openssl dgst -sha256 -binary "$1" | openssl base64 -A; }

# Substitute the template placeholders.
fill() { # fill TEMPLATE
    sed -e "s/@TRACEER_ID@/$TRACEER_ID/g" \
        -e "s/@BERICHT_TYPE@/$TYPE/g" \
        -e "s/@BERICHT_VERSIE@/1.0/g" \
        -e "s/@AFZENDER@/$FROM/g" \
        -e "s/@GEADRESSEERDE@/$TO/g" \
        -e "s/@AANMAAKTIJDSTIP@/$AANMAAKTIJDSTIP/g" \
        -e "s|@SIGNATURE_METHOD@|$SIGNATURE_METHOD|g" \
        -e "s/@CONVERSATIE_ID@/${CONVERSATIE_ID:-}/g" \
        -e "s/@ALS_ANTWOORD_OP@/${ALS_ANTWOORD_OP:-}/g" \
        "$1"
}

# The signature algorithm for a party's signing key: RSA or EC.
signature_method() { # signature_method SIGN_CRT
    if openssl x509 -in "$1" -noout -text | grep -q 'id-ecPublicKey'; then
        echo http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256
    else
        echo http://www.w3.org/2001/04/xmldsig-more#rsa-sha256
    fi
}

# Replace a payload's Berichtkop (lines of their own) by KOP and put the signature
# template in as the root's last child.
payload_template() { # payload_template PAYLOAD KOP OUTPUT
    sed -e '/<\([A-Za-z0-9_.-]*:\)\{0,1\}Berichtkop[ >]/,/<\/\([A-Za-z0-9_.-]*:\)\{0,1\}Berichtkop>/{' \
        -e "/<\/\([A-Za-z0-9_.-]*:\)\{0,1\}Berichtkop>/r $2" \
        -e 'd' -e '}' "$1" >"$3.kop"
    grep -q "$TRACEER_ID" "$3.kop" || fail "no Berichtkop replaced in $1"
    tail -n 1 "$3.kop" | grep -q '^</[^>]*>[[:space:]]*$' ||
        fail "the last line of $1 is not the root's end tag"
    {
        sed '$d' "$3.kop"
        fill "$TEMPLATES/signature.xml"
        tail -n 1 "$3.kop"
    } >"$3"
}

echo "gateway: $GATEWAY   certificates: $CERTS   scratch: $WORK"

# ---------------------------------------------------------------------------
step "a. Fetch the gateway's encryption and receipt-signing certificates"
status=$(call "$PROVIDER" "$WORK/certificaten.json" GET /v1/certificaten)
expect 200 "$status" "GET /v1/certificaten" "$WORK/certificaten.json"
pem_from_json versleuteling "$WORK/certificaten.json" >"$WORK/gateway-enc.crt"
pem_from_json ondertekening "$WORK/certificaten.json" >"$WORK/gateway-sign.crt"
for cert in gateway-enc gateway-sign; do
    openssl verify -CAfile "$CA" "$WORK/$cert.crt" >/dev/null ||
        fail "$cert.crt does not chain to $CA"
    ok "$cert.crt: $(openssl x509 -in "$WORK/$cert.crt" -noout -subject)"
done

# ---------------------------------------------------------------------------
step "b. Build and sign the payload"
TRACEER_ID=$(cat /proc/sys/kernel/random/uuid)
AANMAAKTIJDSTIP=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# The signature algorithm follows the provider's signing key: RSA or EC.
if openssl x509 -in "$PROVIDER/sign.crt" -noout -text | grep -q 'id-ecPublicKey'; then
    SIGNATURE_METHOD=http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256
else
    SIGNATURE_METHOD=http://www.w3.org/2001/04/xmldsig-more#rsa-sha256
fi
echo "   TraceerId: $TRACEER_ID"

# The example's Berichtkop (first child of the root, from <bk:Berichtkop> to
# </bk:Berichtkop> on lines of their own) is replaced by ours.
fill "$TEMPLATES/berichtkop.xml" >"$WORK/berichtkop.xml"
sed -e '/<\([A-Za-z0-9_.-]*:\)\{0,1\}Berichtkop[ >]/,/<\/\([A-Za-z0-9_.-]*:\)\{0,1\}Berichtkop>/{' \
    -e "/<\/\([A-Za-z0-9_.-]*:\)\{0,1\}Berichtkop>/r $WORK/berichtkop.xml" \
    -e 'd' -e '}' "$PAYLOAD" >"$WORK/payload-kop.xml"
grep -q "$TRACEER_ID" "$WORK/payload-kop.xml" || fail "no Berichtkop replaced in $PAYLOAD"

# The signature template goes in as the last child of the root, i.e. just
# before the root's end tag on the last line.
tail -n 1 "$WORK/payload-kop.xml" | grep -q '^</[^>]*>[[:space:]]*$' ||
    fail "the last line of $PAYLOAD is not the root's end tag"
{
    sed '$d' "$WORK/payload-kop.xml"
    fill "$TEMPLATES/signature.xml"
    tail -n 1 "$WORK/payload-kop.xml"
} >"$WORK/payload-template.xml"

xmlsec1 sign --privkey-pem "$PROVIDER/sign.key,$PROVIDER/sign.crt" \
    --output "$WORK/payload.xml" "$WORK/payload-template.xml"
ok "signed: payload.xml"
xmlsec1 verify --trusted-pem "$CA" --enabled-reference-uris empty "$WORK/payload.xml" 2>"$WORK/verify.log" ||
    fail "our own signature does not verify (see $WORK/verify.log)"
ok "xmlsec1 verify payload.xml"

# ---------------------------------------------------------------------------
step "c. Encrypt the signed payload bytes into the envelope"
fill "$TEMPLATES/envelope.xml" >"$WORK/envelope-template.xml"
xmlsec1 encrypt --pubkey-cert-pem "$WORK/gateway-enc.crt" --session-key aes-256 \
    --binary-data "$WORK/payload.xml" \
    --output "$WORK/envelope.xml" "$WORK/envelope-template.xml"
ok "encrypted to the gateway: envelope.xml ($(wc -c <"$WORK/envelope.xml") bytes)"

# ---------------------------------------------------------------------------
step "d. Submit the envelope and check the Ontvangstbevestiging"
# A rejection's Locatie "(regel N)" counts lines of payload.xml, the signed bytes
# sent, not of payload-template.xml or $PAYLOAD: `sed -n Np payload.xml` shows
# the line. They differ where xmlsec1 rewrites the document: it writes the root's
# start tag on one line (the examples spread it over two, so each later line is
# one lower in payload.xml), and it appends the signature after everything else.
# Our Berichtkop template has the same seven lines as the examples' Berichtkop.
# (meerzorgplan's invalid-GW401 example: its BSN on line 40 is "regel 39".)
status=$(call "$PROVIDER" "$WORK/ontvangstbevestiging.xml" POST /v1/berichten \
    -H 'Content-Type: application/xml' --data-binary "@$WORK/envelope.xml")
expect 202 "$status" "POST /v1/berichten" "$WORK/ontvangstbevestiging.xml"
# The receipt must be signed by the gateway's receipt-signing certificate
# (ECDSA P-256), not merely by any certificate of the CA.
xmlsec1 verify --trusted-pem "$CA" --enabled-reference-uris empty \
    "$WORK/ontvangstbevestiging.xml" 2>"$WORK/verify.log" ||
    fail "receipt signature does not verify (see $WORK/verify.log)"
signed_by "$WORK/ontvangstbevestiging.xml" "$WORK/gateway-sign.crt" ||
    fail "receipt not signed by the gateway's receipt-signing certificate"
ok "receipt signed by the gateway"
[ "$(xml_text Status "$WORK/ontvangstbevestiging.xml")" = Geaccepteerd ] ||
    fail "Status is not Geaccepteerd"
[ "$(xml_text TraceerId "$WORK/ontvangstbevestiging.xml")" = "$TRACEER_ID" ] ||
    fail "receipt is for another TraceerId"
[ "$(xml_text BerichtDigest "$WORK/ontvangstbevestiging.xml")" = "$(sha256_b64 "$WORK/envelope.xml")" ] ||
    fail "BerichtDigest is not the SHA-256 of envelope.xml"
ok "Status Geaccepteerd, BerichtDigest = sha256(envelope.xml)"

# ---------------------------------------------------------------------------
step "e. As the zorgkantoor: list, fetch, decrypt, verify and acknowledge"
status=$(call "$ZORGKANTOOR" "$WORK/postvak.json" GET /v1/postvak)
expect 200 "$status" "GET /v1/postvak"
grep -q "\"traceerId\" *: *\"$TRACEER_ID\"" "$WORK/postvak.json" ||
    fail "$TRACEER_ID not in the inbox"
ok "$TRACEER_ID is in the inbox"

status=$(call "$ZORGKANTOOR" "$WORK/delivery.xml" GET "/v1/postvak/$TRACEER_ID")
expect 200 "$status" "GET /v1/postvak/$TRACEER_ID"
xmlsec1 decrypt --privkey-pem "$ZORGKANTOOR/enc.key,$ZORGKANTOOR/enc.crt" \
    --trusted-pem "$CA" --output "$WORK/received.xml" "$WORK/delivery.xml"
cmp "$WORK/received.xml" "$WORK/payload.xml" ||
    fail "the decrypted payload differs from what the provider signed"
ok "decrypted: received.xml is byte for byte the signed payload.xml"
xmlsec1 verify --trusted-pem "$CA" --enabled-reference-uris empty "$WORK/received.xml" 2>"$WORK/verify.log" ||
    fail "provider signature does not verify (see $WORK/verify.log)"
# The signed Berichtkop is the truth: its Afzender (the first AgbCode in the
# payload) must be the delivery envelope's Afzender and the signer's party code
# (the dev PKI puts it in the subject's serialNumber; UZI certificates carry it
# in the subjectAltName otherName instead).
AFZENDER=$(xml_text AgbCode "$WORK/received.xml")
[ "$AFZENDER" = "$(xml_text AgbCode "$WORK/delivery.xml")" ] ||
    fail "the signed Berichtkop's Afzender differs from the delivery envelope's"
signer_cert "$WORK/received.xml" >"$WORK/payload-signer.crt"
openssl x509 -in "$WORK/payload-signer.crt" -noout -subject -nameopt multiline |
    grep -q "serialNumber *= AGB-$AFZENDER\$" ||
    fail "the payload signer is not AGB-$AFZENDER"
ok "provider signature verifies; signer is the Afzender AGB-$AFZENDER"

status=$(call "$ZORGKANTOOR" /dev/null DELETE "/v1/postvak/$TRACEER_ID")
expect 204 "$status" "DELETE /v1/postvak/$TRACEER_ID"

# ---------------------------------------------------------------------------
step "f. As the provider: collect and acknowledge the receipts"
status=$(call "$PROVIDER" "$WORK/bevestigingen.json" GET /v1/bevestigingen)
expect 200 "$status" "GET /v1/bevestigingen"
# One JSON object per line, keep those for our TraceerId.
tr -d '\r\n' <"$WORK/bevestigingen.json" | sed 's/}/}\n/g' | grep "\"$TRACEER_ID\"" >"$WORK/ours.json" ||
    fail "no receipts for $TRACEER_ID"
grep -q '"Afleverbevestiging"' "$WORK/ours.json" || fail "no Afleverbevestiging listed"
grep -q '"Ontvangstbevestiging"' "$WORK/ours.json" || fail "no Ontvangstbevestiging listed"
ONTVANGST_ID=$(xml_text BevestigingId "$WORK/ontvangstbevestiging.xml")
AFLEVER_ID=$(grep '"Afleverbevestiging"' "$WORK/ours.json" |
    sed -n 's/.*"bevestigingId" *: *"\([^"]*\)".*/\1/p')
ok "listed: Ontvangstbevestiging $ONTVANGST_ID, Afleverbevestiging $AFLEVER_ID"

status=$(call "$PROVIDER" "$WORK/afleverbevestiging.xml" GET "/v1/bevestigingen/$AFLEVER_ID")
expect 200 "$status" "GET /v1/bevestigingen/$AFLEVER_ID"
xmlsec1 verify --trusted-pem "$CA" --enabled-reference-uris empty \
    "$WORK/afleverbevestiging.xml" 2>"$WORK/verify.log" ||
    fail "Afleverbevestiging signature does not verify (see $WORK/verify.log)"
signed_by "$WORK/afleverbevestiging.xml" "$WORK/gateway-sign.crt" ||
    fail "Afleverbevestiging not signed by the gateway's receipt-signing certificate"
[ "$(xml_text Status "$WORK/afleverbevestiging.xml")" = Bezorgd ] || fail "Status is not Bezorgd"
[ "$(xml_text BerichtDigest "$WORK/afleverbevestiging.xml")" = "$(sha256_b64 "$WORK/delivery.xml")" ] ||
    fail "BerichtDigest is not the SHA-256 of delivery.xml"
ok "Afleverbevestiging signed by the gateway, Status Bezorgd, BerichtDigest = sha256(delivery.xml)"

for id in "$ONTVANGST_ID" "$AFLEVER_ID"; do
    status=$(call "$PROVIDER" /dev/null DELETE "/v1/bevestigingen/$id")
    expect 204 "$status" "DELETE /v1/bevestigingen/$id"
done

if [ -z "$ANSWER" ]; then
    printf '\nDone. TraceerId %s delivered and acknowledged; files in %s\n' "$TRACEER_ID" "$WORK"
    exit 0
fi

# ---------------------------------------------------------------------------
step "g. As the zorgkantoor: answer in the plan's conversation, signed and encrypted"
# Issue 13 (README, Protocol notes, "Both directions"): the Afzender is the
# zorgkantoor code, the Geadresseerde the provider's AGB code; ConversatieId and
# AlsAntwoordOp name the plan (a plan without a ConversatieId starts the
# conversation named by its own TraceerId). The signer must be ZK-<Afzender>.
PLAN_ID=$TRACEER_ID
CONVERSATIE_ID=$PLAN_ID
ALS_ANTWOORD_OP=$PLAN_ID
TRACEER_ID=$(cat /proc/sys/kernel/random/uuid)
AANMAAKTIJDSTIP=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SIGNATURE_METHOD=$(signature_method "$ZORGKANTOOR/sign.crt")
echo "   TraceerId: $TRACEER_ID   ConversatieId: $CONVERSATIE_ID"
PROVIDER_AGB=$FROM
TYPE=$ANSWER_TYPE FROM=$TO TO=$PROVIDER_AGB fill "$TEMPLATES/berichtkop-zorgkantoor.xml" >"$WORK/answer-kop.xml"
payload_template "$ANSWER" "$WORK/answer-kop.xml" "$WORK/answer-template.xml"
xmlsec1 sign --privkey-pem "$ZORGKANTOOR/sign.key,$ZORGKANTOOR/sign.crt" \
    --output "$WORK/answer.xml" "$WORK/answer-template.xml"
ok "signed with $ZORGKANTOOR/sign.key: answer.xml"
TYPE=$ANSWER_TYPE FROM=$TO TO=$PROVIDER_AGB fill "$TEMPLATES/envelope-zorgkantoor.xml" >"$WORK/answer-envelope-template.xml"
xmlsec1 encrypt --pubkey-cert-pem "$WORK/gateway-enc.crt" --session-key aes-256 \
    --binary-data "$WORK/answer.xml" \
    --output "$WORK/answer-envelope.xml" "$WORK/answer-envelope-template.xml"
status=$(call "$ZORGKANTOOR" "$WORK/answer-ontvangstbevestiging.xml" POST /v1/berichten \
    -H 'Content-Type: application/xml' --data-binary "@$WORK/answer-envelope.xml")
expect 202 "$status" "POST /v1/berichten (the zorgkantoor's $ANSWER_TYPE)" "$WORK/answer-ontvangstbevestiging.xml"
signed_by "$WORK/answer-ontvangstbevestiging.xml" "$WORK/gateway-sign.crt" ||
    fail "receipt not signed by the gateway's receipt-signing certificate"
[ "$(xml_text BerichtDigest "$WORK/answer-ontvangstbevestiging.xml")" = "$(sha256_b64 "$WORK/answer-envelope.xml")" ] ||
    fail "BerichtDigest is not the SHA-256 of answer-envelope.xml"
ok "Status $(xml_text Status "$WORK/answer-ontvangstbevestiging.xml"), receipt signed by the gateway"

# ---------------------------------------------------------------------------
step "h. As the provider: its own inbox; decrypt with its key, verify ZK-$TO, acknowledge"
status=$(call "$PROVIDER" "$WORK/provider-postvak.json" GET /v1/postvak)
expect 200 "$status" "GET /v1/postvak (provider)"
grep -q "\"traceerId\" *: *\"$TRACEER_ID\"" "$WORK/provider-postvak.json" ||
    fail "$TRACEER_ID not in the provider's inbox"
status=$(call "$PROVIDER" "$WORK/answer-delivery.xml" GET "/v1/postvak/$TRACEER_ID")
expect 200 "$status" "GET /v1/postvak/$TRACEER_ID (provider)"
xmlsec1 decrypt --privkey-pem "$PROVIDER/enc.key,$PROVIDER/enc.crt" \
    --trusted-pem "$CA" --output "$WORK/answer-received.xml" "$WORK/answer-delivery.xml"
cmp "$WORK/answer-received.xml" "$WORK/answer.xml" ||
    fail "the decrypted answer differs from what the zorgkantoor signed"
xmlsec1 verify --trusted-pem "$CA" --enabled-reference-uris empty "$WORK/answer-received.xml" 2>"$WORK/verify.log" ||
    fail "zorgkantoor signature does not verify (see $WORK/verify.log)"
ZK_AFZENDER=$(xml_text ZorgkantoorCode "$WORK/answer-received.xml")
signer_cert "$WORK/answer-received.xml" >"$WORK/answer-signer.crt"
openssl x509 -in "$WORK/answer-signer.crt" -noout -subject -nameopt multiline |
    grep -q "serialNumber *= ZK-$ZK_AFZENDER\$" ||
    fail "the answer's signer is not ZK-$ZK_AFZENDER"
ok "decrypted with $PROVIDER/enc.key; zorgkantoor signature verifies; signer is ZK-$ZK_AFZENDER"
status=$(call "$PROVIDER" /dev/null DELETE "/v1/postvak/$TRACEER_ID")
expect 204 "$status" "DELETE /v1/postvak/$TRACEER_ID (provider)"

# ---------------------------------------------------------------------------
step "i. As the zorgkantoor: its Afleverbevestiging; the conversation"
status=$(call "$ZORGKANTOOR" "$WORK/zk-bevestigingen.json" GET /v1/bevestigingen)
expect 200 "$status" "GET /v1/bevestigingen (zorgkantoor)"
tr -d '\r\n' <"$WORK/zk-bevestigingen.json" | sed 's/}/}\n/g' | grep "\"$TRACEER_ID\"" |
    grep '"Afleverbevestiging"' >"$WORK/zk-ours.json" || fail "no Afleverbevestiging for $TRACEER_ID"
ZK_AFLEVER_ID=$(sed -n 's/.*"bevestigingId" *: *"\([^"]*\)".*/\1/p' "$WORK/zk-ours.json")
status=$(call "$ZORGKANTOOR" "$WORK/zk-afleverbevestiging.xml" GET "/v1/bevestigingen/$ZK_AFLEVER_ID")
expect 200 "$status" "GET /v1/bevestigingen/$ZK_AFLEVER_ID"
signed_by "$WORK/zk-afleverbevestiging.xml" "$WORK/gateway-sign.crt" ||
    fail "Afleverbevestiging not signed by the gateway's receipt-signing certificate"
[ "$(xml_text BerichtDigest "$WORK/zk-afleverbevestiging.xml")" = "$(sha256_b64 "$WORK/answer-delivery.xml")" ] ||
    fail "BerichtDigest is not the SHA-256 of answer-delivery.xml"
ok "Afleverbevestiging Status $(xml_text Status "$WORK/zk-afleverbevestiging.xml"), BerichtDigest = sha256(answer-delivery.xml)"
status=$(call "$ZORGKANTOOR" "$WORK/conversatie.json" GET "/v1/conversaties/$CONVERSATIE_ID")
expect 200 "$status" "GET /v1/conversaties/$CONVERSATIE_ID"
grep -q "\"$PLAN_ID\"" "$WORK/conversatie.json" && grep -q "\"$TRACEER_ID\"" "$WORK/conversatie.json" ||
    fail "the conversation does not show the plan and the answer"
ok "the conversation shows the plan and the answer"

printf '\nDone. Plan %s and answer %s delivered and acknowledged; files in %s\n' "$PLAN_ID" "$TRACEER_ID" "$WORK"
