// 9P, the file protocol of Plan 9, in three dialects:
//
// * 9P2000, as the Plan 9 manual's section 5 (intro(5) and one page per
//   message) describes it;
// * 9P2000.u, the Unix extension: numeric user ids, an errno in Rerror, an
//   extension string for special files in Tcreate and stat;
// * 9P2000.L, the Linux dialect that Linux's v9fs client and the diod
//   server speak: Linux-shaped messages (lopen, getattr, readdir, lock ...)
//   numbered below 100, beside the 9P2000 ones it keeps (version, auth,
//   attach, flush, walk, read, write, clunk, remove).
//
// Every integer is little-endian. A message is size[4] type[1] tag[2]
// followed by the fields of its type; size counts the whole message,
// itself included. A string is a two-byte length and that many bytes of
// UTF-8 without a terminating NUL. A qid is the server's identity of a file.
//
// The dialect is agreed by Tversion/Rversion at the start of a session and
// changes the layout of some messages, which the bytes alone cannot tell:
// p9_message takes it as a parameter. Pass dotu = true when the session
// negotiated "9P2000.u" or "9P2000.L" (both add n_uname to Tauth and
// Tattach; 9P2000.u also extends Rerror, Tcreate and stat), false for
// plain "9P2000".

endian little;

// A qid: 13 bytes. The type byte has one bit per kind of file (the high
// byte of the file's mode); path is unique per file on the server, version
// changes with every modification.
packet p9_qid {
  dir:       bit[1] default(0);   // 0x80 QTDIR
  append:    bit[1] default(0);   // 0x40 QTAPPEND
  exclusive: bit[1] default(0);   // 0x20 QTEXCL
  mount:     bit[1] default(0);   // 0x10 QTMOUNT
  auth:      bit[1] default(0);   // 0x08 QTAUTH
  temporary: bit[1] default(0);   // 0x04 QTTMP
  symlink:   bit[1] default(0);   // 0x02 QTSYMLINK (9P2000.u)
  link:      bit[1] default(0);   // 0x01 QTLINK (9P2000.u)
  version:   uint32 default(0);
  path:      uint64;
}

// The machine-independent directory entry of stat(5), as Rstat returns it
// and Twstat sends it. stat_size counts the bytes after itself. With dotu
// (9P2000.u) four fields follow muid.
packet p9_stat (bool dotu) {
  stat_size: uint16 value(offset(stat_end) - 2);
  type:   uint16 default(0);    // for the kernel's use
  dev:    uint32 default(0);    // for the kernel's use
  qid:    packet p9_qid();
  mode:   uint32;               // permissions, and the qid type bits in the top byte
  atime:  uint32;               // seconds since the epoch
  mtime:  uint32;
  length: uint64;               // bytes in the file
  name_length: uint16 value(sizeof(name));
  name:   byte[name_length];    // last element of the path
  uid_length: uint16 value(sizeof(uid));
  uid:    byte[uid_length];     // owner
  gid_length: uint16 value(sizeof(gid));
  gid:    byte[gid_length];     // group
  muid_length: uint16 value(sizeof(muid));
  muid:   byte[muid_length];    // user who last modified the file
  classify (dotu) {
    |true:"Unix" ->
      // Symbolic link target or device description of a special file.
      extension_length: uint16 value(sizeof(extension));
      extension: byte[extension_length];
      n_uid:  uint32;
      n_gid:  uint32;
      n_muid: uint32;
    |false:"Plain" -> ();
  };
  stat_end: label;
}

// One 9P message.
packet p9_message (bool dotu) {
  // The whole message, these four bytes included.
  message_size: uint32 min(7) value(offset(trailing));
  type: uint8 variant {
    |7   -> Rlerror
    |8   -> Tstatfs      |9   -> Rstatfs
    |12  -> Tlopen       |13  -> Rlopen
    |14  -> Tlcreate     |15  -> Rlcreate
    |16  -> Tsymlink     |17  -> Rsymlink
    |18  -> Tmknod       |19  -> Rmknod
    |20  -> Trename      |21  -> Rrename
    |22  -> Treadlink    |23  -> Rreadlink
    |24  -> Tgetattr     |25  -> Rgetattr
    |26  -> Tsetattr     |27  -> Rsetattr
    |30  -> Txattrwalk   |31  -> Rxattrwalk
    |32  -> Txattrcreate |33  -> Rxattrcreate
    |40  -> Treaddir     |41  -> Rreaddir
    |50  -> Tfsync       |51  -> Rfsync
    |52  -> Tlock        |53  -> Rlock
    |54  -> Tgetlock     |55  -> Rgetlock
    |70  -> Tlink        |71  -> Rlink
    |72  -> Tmkdir       |73  -> Rmkdir
    |74  -> Trenameat    |75  -> Rrenameat
    |76  -> Tunlinkat    |77  -> Runlinkat
    |100 -> Tversion     |101 -> Rversion
    |102 -> Tauth        |103 -> Rauth
    |104 -> Tattach      |105 -> Rattach
    |107 -> Rerror
    |108 -> Tflush       |109 -> Rflush
    |110 -> Twalk        |111 -> Rwalk
    |112 -> Topen        |113 -> Ropen
    |114 -> Tcreate      |115 -> Rcreate
    |116 -> Tread        |117 -> Rread
    |118 -> Twrite       |119 -> Rwrite
    |120 -> Tclunk       |121 -> Rclunk
    |122 -> Tremove      |123 -> Rremove
    |124 -> Tstat        |125 -> Rstat
    |126 -> Twstat       |127 -> Rwstat
  };
  // Chosen by the client, echoed in the reply; 0xffff (NOTAG) only in
  // Tversion.
  tag: uint16;

  classify (type) {
    // ------------------------------------------------------------ 9P2000

    // version(5): the largest message either side will send, and the
    // dialect; the reply may lower both, or say "unknown".
    |100:"Tversion" ->
      msize: uint32;
      version_length: uint16 value(sizeof(version));
      version: byte[version_length];
    |101:"Rversion" ->
      msize: uint32;
      version_length: uint16 value(sizeof(version));
      version: byte[version_length];

    // attach(5): an authentication fid for user uname to reach the file
    // tree aname. 9P2000.u and .L add the numeric user id (n_uname;
    // 0xffffffff when unknown).
    |102:"TauthDotu" when (dotu) ->
      afid: uint32;
      uname_length: uint16 value(sizeof(uname));
      uname: byte[uname_length];
      aname_length: uint16 value(sizeof(aname));
      aname: byte[aname_length];
      n_uname: uint32;
    |102:"Tauth" ->
      afid: uint32;
      uname_length: uint16 value(sizeof(uname));
      uname: byte[uname_length];
      aname_length: uint16 value(sizeof(aname));
      aname: byte[aname_length];
    |103:"Rauth" ->
      aqid: packet p9_qid();

    // attach(5): fid becomes the root of the tree aname for uname; afid is
    // 0xffffffff (NOFID) without authentication.
    |104:"TattachDotu" when (dotu) ->
      fid: uint32;
      afid: uint32;
      uname_length: uint16 value(sizeof(uname));
      uname: byte[uname_length];
      aname_length: uint16 value(sizeof(aname));
      aname: byte[aname_length];
      n_uname: uint32;
    |104:"Tattach" ->
      fid: uint32;
      afid: uint32;
      uname_length: uint16 value(sizeof(uname));
      uname: byte[uname_length];
      aname_length: uint16 value(sizeof(aname));
      aname: byte[aname_length];
    |105:"Rattach" ->
      qid: packet p9_qid();

    // error(5): the reply to a failed request (there is no Terror). With
    // 9P2000.u the Unix errno follows the text.
    |107:"RerrorDotu" when (dotu) ->
      ename_length: uint16 value(sizeof(ename));
      ename: byte[ename_length];
      unix_errno: uint32;   // "errno" in the 9P2000.u document (a C macro name)
    |107:"Rerror" ->
      ename_length: uint16 value(sizeof(ename));
      ename: byte[ename_length];

    // flush(5): abort the request tagged oldtag.
    |108:"Tflush" ->
      oldtag: uint16;
    |109:"Rflush" -> ();

    // walk(5): newfid is fid walked through up to 16 names; the reply has
    // one qid per name walked successfully.
    |110:"Twalk" ->
      fid: uint32;
      newfid: uint32;
      nwname: uint16 value(array_length(wnames));
      wnames: array (nwname) {
        wname_length: uint16 value(sizeof(wname));
        wname: byte[wname_length];
      };
    |111:"Rwalk" ->
      nwqid: uint16 value(array_length(wqids));
      wqids: array (nwqid) {
        wqid: packet p9_qid();
      };

    // open(5): mode is OREAD 0, OWRITE 1, ORDWR 2, OEXEC 3, with OTRUNC
    // 0x10 and ORCLOSE 0x40. iounit is the most a single read or write
    // can move without being split (0: msize - 24).
    |112:"Topen" ->
      fid: uint32;
      mode: uint8;
    |113:"Ropen" ->
      qid: packet p9_qid();
      iounit: uint32;

    // open(5), create: the new file name in the directory fid. 9P2000.u
    // adds the extension string of special files (symlink target, "b 1 2"
    // for a device ...).
    |114:"TcreateDotu" when (dotu) ->
      fid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
      perm: uint32;
      mode: uint8;
      extension_length: uint16 value(sizeof(extension));
      extension: byte[extension_length];
    |114:"Tcreate" ->
      fid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
      perm: uint32;
      mode: uint8;
    |115:"Rcreate" ->
      qid: packet p9_qid();
      iounit: uint32;

    // read(5): count bytes at offset. Reading a directory returns whole
    // stat entries.
    |116:"Tread" ->
      fid: uint32;
      offset: uint64;
      count: uint32;
    |117:"Rread" ->
      count: uint32 value(sizeof(data));
      data: byte[count];
    |118:"Twrite" ->
      fid: uint32;
      offset: uint64;
      count: uint32 value(sizeof(data));
      data: byte[count];
    |119:"Rwrite" ->
      count: uint32;

    // clunk(5) and remove(5): forget the fid (remove also the file).
    |120:"Tclunk" ->
      fid: uint32;
    |121:"Rclunk" -> ();
    |122:"Tremove" ->
      fid: uint32;
    |123:"Rremove" -> ();

    // stat(5): the stat entry is preceded by its own size once more.
    |124:"Tstat" ->
      fid: uint32;
    |125:"Rstat" ->
      stat_length: uint16 value(sizeof(stat));
      stat: packet p9_stat(dotu);
    |126:"Twstat" ->
      fid: uint32;
      stat_length: uint16 value(sizeof(stat));
      stat: packet p9_stat(dotu);
    |127:"Rwstat" -> ();

    // ------------------------------------------------------------ 9P2000.L

    // The error reply of 9P2000.L: a Linux errno.
    |7:"Rlerror" ->
      ecode: uint32;

    // statfs(2) of the file system holding fid.
    |8:"Tstatfs" ->
      fid: uint32;
    |9:"Rstatfs" ->
      fs_type: uint32;
      bsize:   uint32;
      blocks:  uint64;
      bfree:   uint64;
      bavail:  uint64;
      files:   uint64;
      ffree:   uint64;
      fsid:    uint64;
      namelen: uint32;

    // open(2) flags, as Linux numbers them.
    |12:"Tlopen" ->
      fid: uint32;
      flags: uint32;
    |13:"Rlopen" ->
      qid: packet p9_qid();
      iounit: uint32;

    // Create and open a regular file in the directory fid, which becomes
    // the new file.
    |14:"Tlcreate" ->
      fid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
      flags: uint32;
      mode: uint32;
      gid: uint32;
    |15:"Rlcreate" ->
      qid: packet p9_qid();
      iounit: uint32;

    |16:"Tsymlink" ->
      fid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
      symtgt_length: uint16 value(sizeof(symtgt));
      symtgt: byte[symtgt_length];
      gid: uint32;
    |17:"Rsymlink" ->
      qid: packet p9_qid();

    |18:"Tmknod" ->
      dfid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
      mode: uint32;
      major: uint32;
      minor: uint32;
      gid: uint32;
    |19:"Rmknod" ->
      qid: packet p9_qid();

    |20:"Trename" ->
      fid: uint32;
      dfid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
    |21:"Rrename" -> ();

    |22:"Treadlink" ->
      fid: uint32;
    |23:"Rreadlink" ->
      target_length: uint16 value(sizeof(target));
      target: byte[target_length];

    // request_mask and valid are bit sets of P9_GETATTR_* (mode 0x1,
    // nlink 0x2, uid 0x4, gid 0x8, rdev 0x10, atime 0x20, mtime 0x40,
    // ctime 0x80, ino 0x100, size 0x200, blocks 0x400; basic 0x7ff; btime
    // 0x800, gen 0x1000, data version 0x2000; all 0x3fff).
    |24:"Tgetattr" ->
      fid: uint32;
      request_mask: uint64;
    |25:"Rgetattr" ->
      valid: uint64;
      qid: packet p9_qid();
      mode: uint32;
      uid: uint32;
      gid: uint32;
      nlink: uint64;
      rdev: uint64;
      file_size: uint64;
      blksize: uint64;
      blocks: uint64;
      atime_sec: uint64;
      atime_nsec: uint64;
      mtime_sec: uint64;
      mtime_nsec: uint64;
      ctime_sec: uint64;
      ctime_nsec: uint64;
      btime_sec: uint64;
      btime_nsec: uint64;
      gen: uint64;
      data_version: uint64;

    // valid is a bit set of P9_SETATTR_* (mode 0x1, uid 0x2, gid 0x4,
    // size 0x8, atime 0x10, mtime 0x20, ctime 0x40, atime set 0x80, mtime
    // set 0x100).
    |26:"Tsetattr" ->
      fid: uint32;
      valid: uint32;
      mode: uint32;
      uid: uint32;
      gid: uint32;
      file_size: uint64;
      atime_sec: uint64;
      atime_nsec: uint64;
      mtime_sec: uint64;
      mtime_nsec: uint64;
    |27:"Rsetattr" -> ();

    // Extended attributes: walk newfid to the attribute name of fid (an
    // empty name lists them); read it with Tread.
    |30:"Txattrwalk" ->
      fid: uint32;
      newfid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
    |31:"Rxattrwalk" ->
      attr_size: uint64;
    // fid becomes a handle to write the attribute with Twrite.
    |32:"Txattrcreate" ->
      fid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
      attr_size: uint64;
      flags: uint32;
    |33:"Rxattrcreate" -> ();

    // Directory entries from offset (a cookie from an earlier entry). The
    // reply's data is a list of whole entries filling count bytes.
    |40:"Treaddir" ->
      fid: uint32;
      offset: uint64;
      count: uint32;
    |41:"Rreaddir" ->
      count: uint32 value(sizeof(entries));
      entries: array bytes (count) {
        qid: packet p9_qid();
        offset: uint64;            // where the next Treaddir continues
        dirent_type: uint8;        // d_type of readdir(3)
        name_length: uint16 value(sizeof(name));
        name: byte[name_length];
      };

    // diod's protocol description lists fid only; Linux's client sends a
    // datasync flag after it (fdatasync rather than fsync when non-zero).
    // A message with fid only fails here as truncated.
    |50:"Tfsync" ->
      fid: uint32;
      datasync: uint32;
    |51:"Rfsync" -> ();

    // POSIX record locks (fcntl(2)): lock_type is read 0, write 1,
    // unlock 2; flags bit 0 blocks, bit 1 reclaims. status is success 0,
    // blocked 1, error 2, grace 3.
    |52:"Tlock" ->
      fid: uint32;
      lock_type: uint8;
      flags: uint32;
      start: uint64;
      length: uint64;
      proc_id: uint32;
      client_id_length: uint16 value(sizeof(client_id));
      client_id: byte[client_id_length];
    |53:"Rlock" ->
      status: uint8;
    |54:"Tgetlock" ->
      fid: uint32;
      lock_type: uint8;
      start: uint64;
      length: uint64;
      proc_id: uint32;
      client_id_length: uint16 value(sizeof(client_id));
      client_id: byte[client_id_length];
    |55:"Rgetlock" ->
      lock_type: uint8;
      start: uint64;
      length: uint64;
      proc_id: uint32;
      client_id_length: uint16 value(sizeof(client_id));
      client_id: byte[client_id_length];

    // A hard link to fid, called name in the directory dfid.
    |70:"Tlink" ->
      dfid: uint32;
      fid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
    |71:"Rlink" -> ();

    |72:"Tmkdir" ->
      dfid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
      mode: uint32;
      gid: uint32;
    |73:"Rmkdir" ->
      qid: packet p9_qid();

    |74:"Trenameat" ->
      olddirfid: uint32;
      oldname_length: uint16 value(sizeof(oldname));
      oldname: byte[oldname_length];
      newdirfid: uint32;
      newname_length: uint16 value(sizeof(newname));
      newname: byte[newname_length];
    |75:"Rrenameat" -> ();

    // flags: AT_REMOVEDIR (0x200) to remove a directory.
    |76:"Tunlinkat" ->
      dirfid: uint32;
      name_length: uint16 value(sizeof(name));
      name: byte[name_length];
      flags: uint32;
    |77:"Runlinkat" -> ();

    // A type this spec does not know (or one the dialect does not have,
    // such as Terror): its fields are kept as bytes.
    |_:"Unknown" ->
      body: byte[message_size - 7];
  };

  // Bytes that size covers but the message's fields do not: none in a
  // well-formed message. A size too small for the fields is a bad_length
  // error here. Keeping them lets a message of an unexpected dialect (a
  // 9P2000.u Rerror read as 9P2000) still be read and rebuilt.
  body_end: label;
  trailing: byte[message_size - offset(body_end)];
}
