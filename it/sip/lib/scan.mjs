#!/usr/bin/env node
// A SIP password scanner, as SIPVicious's svcrack is: for each user name, REGISTER, and answer the
// 401 with a guessed password. Node 20, no dependencies.
//
//   node scan.mjs TARGET_HOST TARGET_PORT LOCAL_ADDRESS DOMAIN COUNT [RATE_PER_S]
//
// Tries COUNT random user names at RATE_PER_S (default 200), each from LOCAL_ADDRESS; an answer
// not come in 1 s counts as unanswered. Prints "answered N unanswered M" (N: names whose guess
// got a final answer, 401 or 403; M: those met by silence, as a banned address is).
import dgram from 'node:dgram';
import crypto from 'node:crypto';

const [host, port, local, domain, count, rate = '200'] = process.argv.slice(2);
const total = Number(count);
const socket = dgram.createSocket('udp4');
const pending = new Map(); // Call-ID -> { user, resolve }
const md5 = (text) => crypto.createHash('md5').update(text).digest('hex');

socket.on('message', (buffer) => {
    const text = buffer.toString('latin1');
    const callId = /^Call-ID:\s*(.+)$/mi.exec(text)?.[1]?.trim();
    pending.get(callId)?.resolve(text);
});

function request(user, callId, cseq, authorization) {
    const { address, port: localPort } = socket.address();
    return [
        `REGISTER sip:${domain} SIP/2.0`,
        `Via: SIP/2.0/UDP ${address}:${localPort};rport;branch=z9hG4bK${crypto.randomBytes(8).toString('hex')}`,
        'Max-Forwards: 70',
        `From: <sip:${user}@${domain}>;tag=${crypto.randomBytes(4).toString('hex')}`,
        `To: <sip:${user}@${domain}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: <sip:${user}@${address}:${localPort}>`,
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        'Expires: 120',
        'User-Agent: friendly-scanner',
        'Content-Length: 0',
        '', '',
    ].join('\r\n');
}

function exchange(user, callId, cseq, authorization) {
    return new Promise((resolve) => {
        const timer = setTimeout(() => { pending.delete(callId); resolve(null); }, 1000);
        pending.set(callId, { resolve: (text) => { clearTimeout(timer); pending.delete(callId); resolve(text); } });
        socket.send(request(user, callId, cseq, authorization), Number(port), host);
    });
}

async function guess(user) {
    const callId = crypto.randomUUID();
    const challenge = await exchange(user, callId, 1);
    const nonce = challenge && /nonce="([^"]+)"/.exec(challenge)?.[1];
    if (!nonce) {
        return false;
    }
    const realm = /realm="([^"]+)"/.exec(challenge)[1];
    const uri = `sip:${domain}`;
    const cnonce = crypto.randomBytes(4).toString('hex');
    const response = md5(`${md5(`${user}:${realm}:123456`)}:${nonce}:00000001:${cnonce}:auth:${md5(`REGISTER:${uri}`)}`);
    const answer = await exchange(user, callId, 2, `Digest username="${user}", realm="${realm}", nonce="${nonce}", `
        + `uri="${uri}", response="${response}", algorithm=MD5, cnonce="${cnonce}", qop=auth, nc=00000001`);
    return answer !== null && /^SIP\/2\.0 (401|403)/.test(answer);
}

socket.bind(0, local, async () => {
    const tries = [];
    for (let i = 0; i < total; i++) {
        tries.push(guess(`ext${crypto.randomBytes(5).toString('hex')}`));
        await new Promise((r) => setTimeout(r, 1000 / Number(rate)));
    }
    const results = await Promise.all(tries);
    const answered = results.filter(Boolean).length;
    console.log(`answered ${answered} unanswered ${total - answered}`);
    socket.close();
});
