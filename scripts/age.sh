# Sourced by test.sh: Debian's `age`, which the backup test uses to show that an
# encrypted archive opens without Haqq (test/integration/backup-encryption.test.ts).
# Installed with apt-get when missing.
. scripts/debian-package.sh
need_debian_package age age
