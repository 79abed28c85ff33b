// baresip 1.0 as a plain-RTP SIP phone for ../browser/rtc.test.mjs (Node 20, no dependencies):
// started from ../baresip/config.in in a directory of its own, registered over UDP through
// telcred, driven through its ctrl_tcp socket (netstring JSON: {"command","params","token"} in,
// responses {"response":true,"ok","data","token"} and events {"event":true,"type",...} out).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONFIG_TEMPLATE = path.join(HERE, '..', 'baresip', 'config.in');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on 127.0.0.1 (for the control socket). */
function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
        server.on('error', reject);
    });
}

export class Baresip {
    /**
     * dir: a fresh directory for its config and log; account: the line of its `accounts` file.
     * Call start() next.
     */
    constructor(dir, account) {
        this.dir = dir;
        this.account = account;
        this.logFile = path.join(dir, 'baresip.log');
        this.events = [];
        this.responses = new Map();
        this.buffer = Buffer.alloc(0);
        this.tokens = 0;
        this.exited = null;
    }

    async start() {
        fs.mkdirSync(this.dir, { recursive: true });
        this.ctrlPort = await freePort();
        const config = fs.readFileSync(CONFIG_TEMPLATE, 'utf8')
            .replaceAll('@MODULE_PATH@', process.env.RTC_IT_BARESIP_MODULES || '/usr/lib/baresip/modules')
            .replaceAll('@CTRL_PORT@', String(this.ctrlPort));
        fs.writeFileSync(path.join(this.dir, 'config'), config);
        fs.writeFileSync(path.join(this.dir, 'accounts'), `${this.account}\n`);
        fs.writeFileSync(path.join(this.dir, 'contacts'), '');
        const log = fs.openSync(this.logFile, 'a');
        // -s: its SIP trace goes to the log too.
        this.process = spawn('baresip', ['-f', this.dir, '-s'], { stdio: ['ignore', log, log] });
        fs.closeSync(log);
        this.process.on('exit', (code, signal) => {
            this.exited = { code, signal };
        });
        const deadline = Date.now() + 10000;
        for (;;) {
            try {
                await this.connect();
                return;
            } catch (e) {
                if (this.exited || Date.now() >= deadline) {
                    throw new Error(`baresip's control socket 127.0.0.1:${this.ctrlPort} did not open `
                        + `(${this.exited ? `baresip exited ${JSON.stringify(this.exited)}` : e.message}); its log:\n${this.log(40)}`);
                }
                await sleep(100);
            }
        }
    }

    connect() {
        return new Promise((resolve, reject) => {
            const socket = net.connect(this.ctrlPort, '127.0.0.1');
            socket.once('error', reject);
            socket.once('connect', () => {
                socket.removeListener('error', reject);
                socket.on('error', () => {});
                socket.on('data', (data) => this.onData(data));
                this.socket = socket;
                resolve();
            });
        });
    }

    onData(data) {
        this.buffer = Buffer.concat([this.buffer, data]);
        for (;;) {
            const colon = this.buffer.indexOf(0x3a);
            if (colon < 0) {
                return;
            }
            const length = Number(this.buffer.toString('ascii', 0, colon));
            if (this.buffer.length < colon + 1 + length + 1) {
                return;
            }
            const text = this.buffer.toString('utf8', colon + 1, colon + 1 + length);
            this.buffer = this.buffer.subarray(colon + 1 + length + 1);
            let message;
            try {
                message = JSON.parse(text);
            } catch {
                continue;
            }
            if (message.event) {
                this.events.push({ t: Date.now(), ...message });
            } else if (message.response && message.token) {
                this.responses.get(message.token)?.(message);
            }
        }
    }

    /** A command of its menu ("dial", "hangup", "callstat", ...); resolves with {ok, data}. */
    command(name, params = '', timeoutMs = 5000) {
        const token = `t${++this.tokens}`;
        const json = JSON.stringify({ command: name, params, token });
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.responses.delete(token);
                reject(new Error(`baresip did not answer the command ${name} within ${timeoutMs} ms`));
            }, timeoutMs);
            this.responses.set(token, (message) => {
                clearTimeout(timer);
                this.responses.delete(token);
                resolve(message);
            });
            this.socket.write(`${Buffer.byteLength(json)}:${json},`);
        });
    }

    /** Waits for an event of this type (CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED, ...); returns it. */
    async waitForEvent(type, timeoutMs, since = 0) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const event = this.events.find((e) => e.type === type && e.t >= since);
            if (event) {
                return event;
            }
            if (Date.now() >= deadline) {
                return null;
            }
            await sleep(50);
        }
    }

    /** The last lines of its log, terminal colours removed. */
    log(lines = 120) {
        try {
            const text = fs.readFileSync(this.logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
            return text.split('\n').slice(-lines).join('\n');
        } catch {
            return '(no log)';
        }
    }

    /** Its whole log, terminal colours removed. */
    fullLog() {
        return this.log(Infinity);
    }

    /** Stops it (TERM: it unregisters first), for good after 3 s. */
    async stop() {
        this.socket?.destroy();
        if (!this.process || this.exited) {
            return;
        }
        this.process.kill('SIGTERM');
        const deadline = Date.now() + 3000;
        while (!this.exited && Date.now() < deadline) {
            await sleep(50);
        }
        if (!this.exited) {
            this.process.kill('SIGKILL');
        }
    }
}
