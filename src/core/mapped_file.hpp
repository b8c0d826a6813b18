#pragma once
// A file mapped read-only, its pages populated in one call (the page cache's
// pages: no zero-filled copy in anonymous memory). Used by the values and days
// caches to check and use their files in place. A mapped file must only ever
// be replaced by a rename, never truncated or rewritten in place: a read past
// the end of a file truncated under the mapping raises SIGBUS. (Every writer
// here writes a temporary file and renames it; a running executable cannot be
// opened for writing.)

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <span>

namespace marketbench::core {

class MappedFile {
 public:
  // Empty (bytes() is empty) when the file cannot be opened or mapped, and
  // when it is empty; read() tells the last case from the others.
  explicit MappedFile(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      if (st.st_size == 0) {
        read_ = true;
      } else {
        void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size),
                         PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p != MAP_FAILED) {
          data_ = static_cast<const std::byte*>(p);
          size_ = static_cast<std::size_t>(st.st_size);
          read_ = true;
        }
      }
    }
    ::close(fd);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_) ::munmap(const_cast<std::byte*>(data_), size_);
  }
  std::span<const std::byte> bytes() const { return {data_, size_}; }
  // The whole file is in bytes(): a regular file opened and mapped, or empty.
  bool read() const { return read_; }

 private:
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  bool read_ = false;
};

}  // namespace marketbench::core
