// SPDX-License-Identifier: Apache-2.0
import './styles.css';
import './app';
