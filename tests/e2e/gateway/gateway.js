#!/usr/bin/env node
/**
 * E2E test gateway: a mock WeChat "world" (wechaty-puppet-mock) served over the
 * real wechaty puppet-service gRPC protocol (wechaty-puppet-service PuppetServer),
 * plus a tiny HTTP JSON control channel for tests.
 *
 * Loopback only. Never talks to any real WeChat / wechaty service.
 *
 * Usage:
 *   node gateway.js --token TOKEN [--grpc-port N] [--control-port N]
 *                   [--host 127.0.0.1] [--world world.json]
 *                   [--heartbeat-ms 15000] [--log-level warn]
 *
 *   Port 0 (the default) picks a free port. When both servers listen, one line
 *     GATEWAY READY grpc=127.0.0.1:PORT control=127.0.0.1:PORT token=TOKEN boot=BOOTID
 *   is printed on stdout. SIGTERM / SIGINT shut down cleanly (exit code 0).
 *
 * Env fallbacks: GATEWAY_TOKEN or WECHATY_PUPPET_SERVICE_TOKEN, GATEWAY_GRPC_PORT,
 * GATEWAY_CONTROL_PORT, GATEWAY_WORLD, GATEWAY_HEARTBEAT_MS, WECHATY_LOG.
 *
 * HTTP control API (JSON in, JSON out): see README.md next to this file.
 */
'use strict'

// grpc-js warns that PuppetServer's server.start() call is no longer needed.
process.noDeprecation = true

const fs = require('fs')
const http = require('http')
const net = require('net')
const path = require('path')
const crypto = require('crypto')

const PUPPET = require('wechaty-puppet')
const { FileBox } = require('file-box')
const { PuppetMock } = require('wechaty-puppet-mock')
const { PuppetServer } = require('wechaty-puppet-service')

const log = PUPPET.log

// ---------------------------------------------------------------- arguments

function usage (msg) {
  if (msg) process.stderr.write(`gateway: ${msg}\n`)
  process.stderr.write([
    'usage: node gateway.js --token TOKEN [--grpc-port N] [--control-port N]',
    '                       [--host 127.0.0.1] [--world world.json]',
    '                       [--heartbeat-ms 15000] [--log-level warn]',
    '',
  ].join('\n'))
  process.exit(2)
}

function parseArgs (argv) {
  const opts = {
    host: '127.0.0.1',
    grpcPort: process.env.GATEWAY_GRPC_PORT || '0',
    controlPort: process.env.GATEWAY_CONTROL_PORT || '0',
    token: process.env.GATEWAY_TOKEN || process.env.WECHATY_PUPPET_SERVICE_TOKEN || '',
    world: process.env.GATEWAY_WORLD || path.join(__dirname, 'world.json'),
    heartbeatMs: process.env.GATEWAY_HEARTBEAT_MS || '15000',
    logLevel: process.env.WECHATY_LOG || 'warn',
    download: 'yes',
  }
  const names = {
    '--host': 'host',
    '--grpc-port': 'grpcPort',
    '--control-port': 'controlPort',
    '--token': 'token',
    '--world': 'world',
    '--heartbeat-ms': 'heartbeatMs',
    '--log-level': 'logLevel',
    '--download': 'download',
  }
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]
    let value
    const eq = arg.indexOf('=')
    if (eq > 0) {
      value = arg.slice(eq + 1)
      arg = arg.slice(0, eq)
    }
    if (arg === '-h' || arg === '--help') usage()
    const key = names[arg]
    if (!key) usage(`unknown argument ${arg}`)
    if (value === undefined) {
      value = argv[++i]
      if (value === undefined) usage(`missing value for ${arg}`)
    }
    opts[key] = value
  }
  for (const k of ['grpcPort', 'controlPort', 'heartbeatMs']) {
    const n = Number(opts[k])
    if (!Number.isInteger(n) || n < 0 || n > 65535 * 1000) usage(`bad ${k}: ${opts[k]}`)
    opts[k] = n
  }
  if (!['yes', 'no'].includes(opts.download)) usage(`bad --download: ${opts.download} (yes or no)`)
  if (!opts.token) usage('a token is required (--token or GATEWAY_TOKEN / WECHATY_PUPPET_SERVICE_TOKEN)')
  // The python client sends the token as the HTTP/2 :authority header.
  if (!/^[A-Za-z0-9._~-]+$/.test(opts.token)) usage('token must match [A-Za-z0-9._~-]+ (it travels as :authority)')
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(opts.host)) usage('host must be a loopback address')
  return opts
}

// ---------------------------------------------------------------- the world

function loadWorld (file) {
  const world = JSON.parse(fs.readFileSync(file, 'utf8'))
  const contacts = new Map()
  contacts.set(world.bot.id, { ...world.bot })
  for (const c of world.contacts) contacts.set(c.id, { ...c })
  const rooms = new Map()
  for (const r of world.rooms) {
    for (const m of r.members) {
      if (!contacts.has(m.id)) throw new Error(`world: room ${r.id} member ${m.id} is not a contact`)
    }
    if (!r.id.includes('@')) throw new Error(`world: room id ${r.id} must contain "@" (PuppetMock routes by it)`)
    rooms.set(r.id, r)
  }
  return { bot: world.bot, contacts, rooms }
}

function contactPayload (c) {
  return {
    id: c.id,
    name: c.name,
    alias: '',
    avatar: '',
    gender: PUPPET.types.ContactGender.Unknown,
    type: PUPPET.types.Contact.Individual,
    friend: true,
    star: false,
    phone: [],
    weixin: c.id,
    address: '',
    city: '',
    province: '',
    signature: '',
  }
}

// ---------------------------------------------------------------- puppet

/**
 * PuppetMock with:
 *  - room member aliases (群昵称) from world.json,
 *  - messageSendText that returns a real message id (python-wechaty's
 *    Room.say()/Contact.say()/Message.say() call message_payload(id) on it),
 *    and records every message the bot sends,
 *  - a real room topic for the roomTopic() RPC.
 */
class GatewayPuppet extends PuppetMock {
  constructor (gateway) {
    super({})
    this.gateway = gateway
  }

  async contactAlias (contactId, alias) {
    if (typeof alias === 'undefined') return ''
  }

  async roomMemberRawPayload (roomId, contactId) {
    const contact = this.mocker.contactPayload(contactId)
    const room = this.gateway.world.rooms.get(roomId)
    const member = room && room.members.find(m => m.id === contactId)
    return {
      avatar: contact.avatar || '',
      id: contactId,
      name: contact.name,
      roomAlias: (member && member.roomAlias) || '',
      inviterId: '',
    }
  }

  /** Records which message payloads the client asked for: the messages it has provably received. */
  async messagePayload (messageId) {
    if (!this.gateway.requested.has(messageId)) this.gateway.requested.set(messageId, this.gateway.requested.size + 1)
    return super.messagePayload(messageId)
  }

  async roomTopic (roomId, topic) {
    const room = this.mocker.RoomMock.load(roomId)
    if (typeof topic === 'undefined') return room.payload.topic
    room.topic(topic).by(this.mocker.ContactMock.load(this.currentUserId))
    this.dirtyPayload(PUPPET.types.Dirty.Room, roomId)
  }

  async messageSendText (conversationId, text, mentionIdList) {
    if (!this.isLoggedIn) throw new Error('not logged in')
    const isRoom = conversationId.includes('@')
    // load() throws for unknown ids -> gRPC error for the client
    if (isRoom) this.mocker.RoomMock.load(conversationId)
    else this.mocker.ContactMock.load(conversationId)

    const payload = {
      id: this.gateway.nextMessageId(),
      talkerId: this.currentUserId,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Text,
      text,
      ...(isRoom
        ? { roomId: conversationId, mentionIdList: mentionIdList || [] }
        : { listenerId: conversationId }),
    }
    this.gateway.recordSent(payload)
    this.mocker.MessageMock.create(payload)
    // Like real WeChat puppets, the bot also receives its own messages.
    this.emit('message', { messageId: payload.id })
    return payload.id
  }

  /** Records the file (name, size) for GET /sent; the bot does not get file messages echoed. */
  async messageSendFile (conversationId, fileBox) {
    if (!this.isLoggedIn) throw new Error('not logged in')
    const isRoom = conversationId.includes('@')
    if (isRoom) this.mocker.RoomMock.load(conversationId)
    else this.mocker.ContactMock.load(conversationId)
    const data = await fileBox.toBuffer()
    const payload = {
      id: this.gateway.nextMessageId(),
      talkerId: this.currentUserId,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Attachment,
      text: '',
      ...(isRoom ? { roomId: conversationId } : { listenerId: conversationId }),
    }
    this.gateway.recordSent(payload, { name: fileBox.name, size: data.length })
    return payload.id
  }
}

// ---------------------------------------------------------------- gateway

class Gateway {
  constructor (opts) {
    this.opts = opts
    this.world = loadWorld(opts.world)
    this.bootId = Date.now().toString(36) + crypto.randomBytes(3).toString('hex')
    this.msgCounter = 0
    this.sent = []
    this.sentWaiters = new Set()
    this.requested = new Map() // message id -> order in which the client first asked for its payload
    this.worldCreated = false
    this.puppet = new GatewayPuppet(this)
    this.puppet.mocker.use(mocker => this.behavior(mocker))
    this.puppet.on('error', e => log.verbose('Gateway', 'puppet error: %s', e && e.message))
  }

  nextMessageId () {
    // Unique across gateway restarts: python-wechaty drops message events whose
    // id it has already seen in this process (SingleIdContainer).
    this.msgCounter += 1
    return `msg_${this.bootId}_${this.msgCounter}`
  }

  createWorld (mocker) {
    if (this.worldCreated) return
    for (const c of this.world.contacts.values()) {
      mocker.ContactMock.create(contactPayload(c))
    }
    for (const r of this.world.rooms.values()) {
      mocker.RoomMock.create({
        id: r.id,
        topic: r.topic,
        avatar: '',
        ownerId: r.ownerId || '',
        adminIdList: r.adminIds || [],
        memberIdList: r.members.map(m => m.id),
      })
    }
    this.worldCreated = true
  }

  /** mocker environment: runs on every puppet start() (i.e. every client start RPC) */
  behavior (mocker) {
    this.createWorld(mocker)
    this.login()
    let timer
    if (this.opts.heartbeatMs > 0) {
      timer = setInterval(() => {
        this.puppet.emit('heartbeat', { data: `gateway ${this.bootId} heartbeat` })
      }, this.opts.heartbeatMs)
      timer.unref()
    }
    return () => { if (timer) clearInterval(timer) }
  }

  login () {
    if (this.puppet.isLoggedIn) return false
    this.puppet.mocker.login(this.puppet.mocker.ContactMock.load(this.world.bot.id))
    setTimeout(() => {
      if (this.puppet.isLoggedIn) this.puppet.emit('ready', { data: 'ready' })
    }, 50)
    return true
  }

  streams () {
    return Math.max(0, this.puppet.listenerCount('message') - this.baseMessageListeners)
  }

  recordSent (payload, file) {
    const rec = {
      seq: this.sent.length + 1,
      id: payload.id,
      to: payload.roomId || payload.listenerId,
      room: payload.roomId || null,
      contact: payload.listenerId || null,
      text: payload.text,
      mentions: payload.mentionIdList || [],
      file: file || null,
      ts: payload.timestamp,
    }
    this.sent.push(rec)
    for (const w of this.sentWaiters) w()
  }

  // ------------------------------------------------------------ actions

  say ({ from, room, text, mentions, file }) {
    const mocker = this.puppet.mocker
    if (!this.worldCreated) this.createWorld(mocker)
    if (file !== undefined) {
      if (!file || typeof file.name !== 'string' || typeof file.base64 !== 'string') {
        throw httpError(400, '"file" must be {name, base64}')
      }
      text = file.name
    }
    if (typeof text !== 'string' || text === '') throw httpError(400, '"text" must be a non-empty string')
    if (!this.world.contacts.has(from)) throw httpError(400, `unknown contact "from": ${from}`)
    if (from === this.world.bot.id) throw httpError(400, 'the bot cannot be "from"; the bot speaks via gRPC')
    const talker = mocker.ContactMock.load(from)
    if (room) {
      if (!this.world.rooms.has(room)) throw httpError(400, `unknown room: ${room}`)
      const roomMock = mocker.RoomMock.load(room)
      if (!roomMock.payload.memberIdList.includes(from)) throw httpError(400, `${from} is not a member of ${room}`)
    }
    if (mentions !== undefined && !Array.isArray(mentions)) throw httpError(400, '"mentions" must be a list of contact ids')
    const payload = {
      id: this.nextMessageId(),
      talkerId: talker.id,
      timestamp: Date.now(),
      type: file ? PUPPET.types.Message.Attachment : PUPPET.types.Message.Text,
      text,
      ...(room
        ? { roomId: room, mentionIdList: mentions || [] }
        : { listenerId: this.world.bot.id }),
    }
    if (file) {
      // PuppetMock.messageFile() answers from this cache. The server hands files under 20 KB to the
      // client inline (base64); bigger ones become UUID FileBoxes that python-wechaty 0.10.7 cannot read.
      mocker.cacheFileBoxPayload.set(payload.id, JSON.stringify(FileBox.fromBase64(file.base64, file.name)))
    }
    mocker.MessageMock.create(payload)
    this.puppet.emit('message', { messageId: payload.id })
    return { id: payload.id, loggedIn: this.puppet.isLoggedIn, streams: this.streams() }
  }

  roomChange (kind, { contact, room, by }) {
    const mocker = this.puppet.mocker
    if (!this.worldCreated) this.createWorld(mocker)
    if (!this.world.rooms.has(room)) throw httpError(400, `unknown room: ${room}`)
    if (!this.world.contacts.has(contact)) throw httpError(400, `unknown contact: ${contact}`)
    const roomMock = mocker.RoomMock.load(room)
    const who = mocker.ContactMock.load(contact)
    const byWho = mocker.ContactMock.load(by || contact)
    const isMember = roomMock.payload.memberIdList.includes(contact)
    if (kind === 'leave') {
      if (!isMember) throw httpError(400, `${contact} is not a member of ${room}`)
      roomMock.remove(who).by(byWho)
    } else {
      if (isMember) throw httpError(400, `${contact} is already a member of ${room}`)
      roomMock.add(who).by(byWho)
      const worldRoom = this.world.rooms.get(room)
      if (!worldRoom.members.find(m => m.id === contact)) worldRoom.members.push({ id: contact, roomAlias: '' })
    }
    this.puppet.dirtyPayload(PUPPET.types.Dirty.Room, room)
    return { ok: true, members: roomMock.payload.memberIdList.slice() }
  }

  info () {
    const rooms = []
    for (const r of this.world.rooms.values()) {
      let memberIds = r.members.map(m => m.id)
      let topic = r.topic
      if (this.worldCreated) {
        const p = this.puppet.mocker.RoomMock.load(r.id).payload
        memberIds = p.memberIdList.slice()
        topic = p.topic
      }
      rooms.push({
        id: r.id,
        topic,
        ownerId: r.ownerId || '',
        members: memberIds.map(id => {
          const m = r.members.find(x => x.id === id)
          return { id, name: this.world.contacts.get(id).name, roomAlias: (m && m.roomAlias) || '' }
        }),
      })
    }
    return {
      bootId: this.bootId,
      grpc: `${this.opts.host}:${this.grpcPort}`,
      control: `${this.opts.host}:${this.controlPort}`,
      bot: { ...this.world.bot },
      contacts: [...this.world.contacts.values()].map(c => ({ ...c })),
      rooms,
    }
  }

  health () {
    return {
      ok: true,
      bootId: this.bootId,
      pid: process.pid,
      loggedIn: this.puppet.isLoggedIn,
      streams: this.streams(),
      sent: this.sent.length,
    }
  }

  sentSince (query) {
    const since = Number(query.get('since') || 0)
    const room = query.get('room')
    const to = query.get('to')
    return this.sent.filter(m =>
      m.seq > since
      && (!room || m.room === room)
      && (!to || m.to === to))
  }

  async waitSent (query) {
    const waitMs = Math.min(Number(query.get('wait') || 0), 30000)
    let msgs = this.sentSince(query)
    if (msgs.length || waitMs <= 0) return msgs
    await new Promise(resolve => {
      let timer
      const done = () => {
        clearTimeout(timer)
        this.sentWaiters.delete(check)
        resolve()
      }
      const check = () => { if (this.sentSince(query).length) done() }
      timer = setTimeout(done, waitMs)
      this.sentWaiters.add(check)
      this.closing && done()
    })
    msgs = this.sentSince(query)
    return msgs
  }

  // ------------------------------------------------------------ servers

  async startGrpc () {
    let lastErr
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = this.opts.grpcPort || await freePort(this.opts.host)
      const server = new PuppetServer({
        endpoint: `${this.opts.host}:${port}`,
        puppet: this.puppet,
        token: this.opts.token,
        tls: { disable: true }, // == WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_SERVER=true
      })
      try {
        await server.start()
        this.grpcServer = server
        this.grpcPort = port
        return
      } catch (e) {
        lastErr = e
        try { await server.stop() } catch (_) {}
        if (this.opts.grpcPort) break // an explicit port: do not silently move
      }
    }
    throw lastErr
  }

  startControl () {
    this.http = http.createServer((req, res) => this.handle(req, res))
    return new Promise((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(this.opts.controlPort, this.opts.host, () => {
        this.controlPort = this.http.address().port
        resolve()
      })
    })
  }

  async handle (req, res) {
    const url = new URL(req.url, 'http://127.0.0.1')
    const route = `${req.method} ${url.pathname}`
    try {
      let result
      switch (route) {
        case 'GET /health': result = this.health(); break
        case 'GET /info': result = this.info(); break
        case 'GET /sent': {
          const messages = await this.waitSent(url.searchParams)
          result = { messages, last: this.sent.length }
          break
        }
        case 'POST /say': result = this.say(await readJson(req)); break
        case 'POST /burst': {
          const body = await readJson(req)
          const n = Number(body.count)
          if (!Number.isInteger(n) || n < 1 || n > 5000) throw httpError(400, '"count" must be 1..5000')
          const ids = []
          for (let i = 0; i < n; i++) {
            ids.push(this.say({ ...body, text: `${body.text}${(body.first || 0) + i}` }).id)
          }
          result = { ids }
          break
        }
        case 'GET /requested': result = { ids: [...this.requested.keys()] }; break
        case 'POST /member-leave': result = this.roomChange('leave', await readJson(req)); break
        case 'POST /member-join': result = this.roomChange('join', await readJson(req)); break
        case 'POST /topic': {
          const body = await readJson(req)
          const mocker = this.puppet.mocker
          if (!this.world.rooms.has(body.room)) throw httpError(400, `unknown room: ${body.room}`)
          if (typeof body.topic !== 'string' || !body.topic) throw httpError(400, '"topic" required')
          const by = mocker.ContactMock.load(body.by || this.world.rooms.get(body.room).ownerId || this.world.bot.id)
          mocker.RoomMock.load(body.room).topic(body.topic).by(by)
          this.puppet.dirtyPayload(PUPPET.types.Dirty.Room, body.room)
          result = { ok: true }
          break
        }
        case 'POST /logout':
          await this.puppet.logout('logout via gateway control API')
          result = { ok: true, loggedIn: this.puppet.isLoggedIn }
          break
        case 'POST /login':
          if (!this.worldCreated) throw httpError(409, 'no client has started the puppet yet')
          result = { ok: true, changed: this.login() }
          break
        default:
          throw httpError(404, `no route ${route}`)
      }
      sendJson(res, 200, result)
    } catch (e) {
      sendJson(res, e.status || 500, { error: e.message })
    }
  }

  async start () {
    await this.startGrpc()
    this.baseMessageListeners = this.puppet.listenerCount('message')
    await this.startControl()
    process.stdout.write(
      `GATEWAY READY grpc=${this.opts.host}:${this.grpcPort} `
      + `control=${this.opts.host}:${this.controlPort} token=${this.opts.token} boot=${this.bootId}\n`)
  }

  async stop () {
    if (this.closing) return
    this.closing = true
    for (const w of this.sentWaiters) w()
    if (this.http) {
      this.http.close()
      if (this.http.closeAllConnections) this.http.closeAllConnections()
    }
    // Stop gRPC first without logging the bot out, like a gateway that goes away.
    if (this.grpcServer) await this.grpcServer.stop()
    try {
      if (this.puppet.state.active()) {
        this.puppet.removeAllListeners('logout')
        await this.puppet.stop()
      }
    } catch (e) {
      log.warn('Gateway', 'puppet.stop() failed: %s', e.message)
    }
  }
}

// ---------------------------------------------------------------- helpers

function httpError (status, message) {
  const e = new Error(message)
  e.status = status
  return e
}

function sendJson (res, status, obj) {
  const body = Buffer.from(JSON.stringify(obj))
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length })
  res.end(body)
}

function readJson (req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', c => {
      size += c.length
      if (size > 1 << 20) {
        reject(httpError(413, 'body too large'))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      if (!text) return resolve({})
      try {
        const obj = JSON.parse(text)
        if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not an object')
        resolve(obj)
      } catch (e) {
        reject(httpError(400, `invalid JSON body: ${e.message}`))
      }
    })
    req.on('error', reject)
  })
}

function freePort (host) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.once('error', reject)
    srv.listen(0, host, () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

// ---------------------------------------------------------------- main

/** `--download no`: a server without the Download RPC (it answers UNIMPLEMENTED), like older puppet services. */
function withoutDownload () {
  const impl = require(path.join(__dirname, 'node_modules', 'wechaty-puppet-service', 'dist', 'cjs', 'src',
    'server', 'puppet-implementation.js'))
  const original = impl.puppetImplementation
  impl.puppetImplementation = (...args) => {
    const methods = original(...args)
    delete methods.download
    return methods
  }
}

async function main () {
  const opts = parseArgs(process.argv.slice(2))
  log.level(opts.logLevel)
  if (opts.download === 'no') withoutDownload()
  const gateway = new Gateway(opts)

  let stopping = false
  const shutdown = async signal => {
    if (stopping) return
    stopping = true
    log.info('Gateway', 'received %s, shutting down', signal)
    const hard = setTimeout(() => {
      process.stderr.write('gateway: shutdown timed out, exiting\n')
      process.exit(1)
    }, 5000)
    hard.unref()
    try {
      await gateway.stop()
    } catch (e) {
      process.stderr.write(`gateway: error during shutdown: ${e.stack || e}\n`)
    }
    process.exit(0)
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  // If the parent (test harness) goes away and closes our stdin, leave too.
  if (process.env.GATEWAY_EXIT_ON_STDIN_EOF === '1') {
    process.stdin.on('end', () => shutdown('stdin EOF'))
    process.stdin.resume()
  }

  try {
    await gateway.start()
  } catch (e) {
    process.stderr.write(`gateway: failed to start: ${e.stack || e}\n`)
    process.exit(1)
  }
}

main()
